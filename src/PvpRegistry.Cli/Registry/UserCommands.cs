using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Users;

namespace PvpRegistry.Cli.Registry;

/// <summary>`pvp user add|reset|list|disable|enable`: accounts from the command line, audited like the admin pages.</summary>
public static class UserCommands
{
    public static async Task<int> RunAsync(string[] args)
    {
        if (args.Length == 0) throw new CliUsageException("say what to do: pvp user add|reset|list|disable|enable");
        var a = new CliArguments(args[1..]);
        await using var sp = RegistryCommands.Services();
        await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
        await using var scope = sp.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<UserAccounts>();
        var actor = RegistryCommands.Actor;
        switch (args[0])
        {
            case "add":
            {
                var user = a.Require("user");
                var roles = a.Require("roles").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var display = a.Get("name") ?? user;
                var email = a.Get("email");
                a.RejectUnknown();
                var result = await accounts.CreateAsync(user, display, email, roles, actor);
                return Report(result, $"Created '{user}' ({string.Join(", ", roles)}).");
            }
            case "reset":
            {
                var user = a.Require("user");
                a.RejectUnknown();
                return Report(await accounts.ResetPasswordAsync(user, actor), $"Reset the password of '{user}'; sessions end and a lockout is lifted.");
            }
            case "disable" or "enable":
            {
                var user = a.Require("user");
                a.RejectUnknown();
                return Report(await accounts.SetDisabledAsync(user, args[0] == "disable", actor), $"'{user}' is {args[0]}d.");
            }
            case "list":
                a.RejectUnknown();
                foreach (var u in await accounts.ListAsync())
                    Console.Out.WriteLine($"{u.UserName,-24} {string.Join(",", u.Roles),-32} {(u.IsDisabled ? "disabled" : "active")}{(u.MustChangePassword ? ", must change password" : "")}");
                return 0;
            default:
                throw new CliUsageException($"unknown user action '{args[0]}' (add, reset, list, disable, enable). Roles: {string.Join(", ", Roles.All)}.");
        }
    }

    private static int Report(AccountResult result, string done)
    {
        if (!result.Succeeded)
        {
            Console.Error.WriteLine($"pvp user: {string.Join(" ", result.Errors)}");
            return 1;
        }
        Console.Out.WriteLine(done);
        if (result.OneTimePassword is not null)
            Console.Out.WriteLine($"One-time password: {result.OneTimePassword}  (shown once; it must be changed at the first sign-in)");
        return 0;
    }
}
