using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace PvpRegistry.Data.Reminders;

public static class ReminderServiceCollectionExtensions
{
    /// <summary>The reminder rules, inbox, settings and outbox sender (no background work: see <see cref="AddReminderScheduler"/>).</summary>
    public static IServiceCollection AddRegistryReminders(this IServiceCollection services)
    {
        services.AddOptions<ReminderOptions>().BindConfiguration(ReminderOptions.Section);
        services.TryAddSingleton<ReminderSettings>();
        services.TryAddSingleton<ReminderRun>();
        services.TryAddSingleton<ReminderInbox>();
        services.TryAddSingleton<OutboxSender>();
        return services;
    }

    /// <summary>The daily reminder run and the outbox sender loop as hosted services.</summary>
    public static IServiceCollection AddReminderScheduler(this IServiceCollection services)
    {
        services.AddRegistryReminders();
        services.TryAddSingleton<ReminderScheduler>();
        services.AddHostedService(sp => sp.GetRequiredService<ReminderScheduler>());
        services.TryAddSingleton<OutboxWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<OutboxWorker>());
        return services;
    }
}
