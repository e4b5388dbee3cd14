using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using PvpRegistry.Core;
using MudBlazor.Services;
using PvpRegistry.Data;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.Reminders;
using PvpRegistry.Web.Components;
using PvpRegistry.Web.Features.Account;
using PvpRegistry.Web.Features.Audit;
using PvpRegistry.Web.Features.Export;
using PvpRegistry.Web.Features.Reports;

namespace PvpRegistry.Web;

public static class WebSetup
{
    /// <summary>The longest value a form post may carry (the longest text field, with room for the antiforgery token).</summary>
    public const int FormValueMaxLength = 4 * ClinicalLimits.FreeTextMaxLength;

    /// <summary>
    /// The largest message a page's connection takes from the browser (SignalR's default, kept): a larger one would close
    /// the connection. The browser cuts a text that would not fit before it is sent, and says so (app.js).
    /// </summary>
    public const int HubMessageMaxBytes = 32 * 1024;

    public static IServiceCollection AddRegistryWeb(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddRazorComponents().AddInteractiveServerComponents()
            .AddHubOptions(o => o.MaximumReceiveMessageSize = HubMessageMaxBytes);
        services.AddOptions<ProxyOptions>().BindConfiguration(ProxyOptions.Section);
        services.AddOptions<ForwardedHeadersOptions>().Configure<IOptions<ProxyOptions>>((o, proxy) => proxy.Value.ApplyTo(o));
        // Form posts (sign-in, password change, sign-out) carry short fields: a longer value is refused before it is read whole.
        services.Configure<FormOptions>(o => o.ValueLengthLimit = FormValueMaxLength);
        services.AddMudServices();
        services.AddRegistryLocalization();
        services.AddRegistryData(configuration);
        services.AddRegistryDataProtection(configuration);
        services.AddRegistryChangePoller();
        services.AddRegistryAccounts();
        services.AddSingleton<Features.Patients.PatientList>();
        services.AddSingleton<Features.Audit.AuditLog>();
        services.AddSingleton<Features.Patients.PatientService>().AddSingleton<Features.Patients.PatientTimelineService>();
        services.AddSingleton<Features.Procedures.ProcedureService>();
        services.AddSingleton<Features.Queries.QueryService>();
        services.AddScoped<Flash>();
        services.AddSingleton<Features.Worklist.ScoreEntryService>().AddSingleton<Features.Worklist.WorklistService>();
        services.AddReminderScheduler();
        services.AddHostedService<QueryPlannerStatisticsRefresher>();
        services.AddHostedService<PvpRegistry.Data.FollowUp.PassedWindowCloser>();
        services.AddSingleton<Features.Dashboards.DashboardService>();
        services.AddSingleton<ReportGenerator>();
        services.AddHealthChecks().AddDbContextCheck<RegistryDbContext>("database")
            .AddCheck<DatabaseReadinessCheck>("migrations", tags: [DatabaseReadinessCheck.Tag]);
        return services;
    }

    public static WebApplication UseRegistryWeb(this WebApplication app)
    {
        if (app.Services.GetRequiredService<IOptions<ProxyOptions>>().Value.Enabled) app.UseForwardedHeaders();
        if (!app.Environment.IsDevelopment())
        {
            app.UseExceptionHandler("/error", createScopeForErrors: true);
            app.UseHsts();
        }
        app.UseSecurityHeaders();
        app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
        app.UseAuthentication();
        app.UseRequestLocalization();
        app.UseAuthorization();
        app.UseRateLimiter();
        app.UseForcedPasswordChange();
        app.UseAntiforgery();
        app.MapStaticAssets().AllowAnonymous();
        // Bare status only (Healthy/Unhealthy): no details leave the server.
        app.MapHealthChecks("/health", new HealthCheckOptions { Predicate = c => !c.Tags.Contains(DatabaseReadinessCheck.Tag), ResponseWriter = BareStatus })
            .AllowAnonymous();
        // For the load balancer: the database answers and no migration is pending (503 otherwise).
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(DatabaseReadinessCheck.Tag), ResponseWriter = BareStatus })
            .AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapExportEndpoints();
        app.MapAuditEndpoints();
        app.MapReportEndpoints();
        // frame-ancestors is part of the security headers' policy; Blazor must not add a second CSP header.
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode(o => o.ContentSecurityFrameAncestorsPolicy = null);
        return app;
    }

    private static Task BareStatus(HttpContext context, HealthReport report) => context.Response.WriteAsync(report.Status.ToString());

    /// <summary>Creates or migrates the database (waiting for a server that is starting) and loads the demo cohort into an empty registry.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app)
    {
        var migrator = app.Services.GetRequiredService<DatabaseMigrator>();
        await migrator.MigrateAsync(TimeSpan.FromMinutes(2));
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        var demo = app.Services.GetRequiredService<DemoCohort>();
        int loaded = options.SeedDemoData ? await demo.LoadIfEmptyAsync(DemoCohort.DefaultFile) : 0;
        await using (var scope = app.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<FirstStartAccounts>().EnsureAsync(demo: await demo.IsLoadedAsync());
        var logger = app.Services.GetRequiredService<ILogger<Program>>();
        app.Lifetime.ApplicationStarted.Register(() =>
        {
            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
                logger.LogInformation("PvpRegistry is running at {Url}", address.Replace("[::]", "localhost").Replace("0.0.0.0", "localhost"));
            if (loaded > 0) logger.LogInformation("Loaded {Count} patients of SYNTHETIC DEMO DATA (not real patients); Admin > Start empty removes them", loaded);
        });
    }
}
