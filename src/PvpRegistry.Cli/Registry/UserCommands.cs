using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Users;

namespace PvpRegistry.Cli.Registry;

/// <summary>`pvp user add|reset|list|disable|enable`: accounts from the command line, audited like the admin pages.</summary>
public static class UserCommands
{
    public static Command Create()
    {
        var command = new Command("user", "Accounts: add, reset, disable, enable, list (audited like the admin pages).");
        var roles = new Option<string[]>("--roles")
        {
            Description = $"roles separated by commas: {string.Join(", ", Roles.All)}", Required = true, HelpName = "ROLE,...",
            CustomParser = r => r.Tokens.Count == 0 ? [] : r.Tokens[0].Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
        };
        var name = new Option<string>("--name") { Description = "the display name (default: the user name)", HelpName = "\"Display Name\"" };
        var email = new Option<string>("--email") { Description = "where reminder digests go", HelpName = "E" };
        command.Subcommands.Add(Action("add", "Create an account; prints a one-time password.", [roles, name, email], (accounts, user, r, actor) =>
            Report(r, accounts.CreateAsync(user, r.GetValue(name) ?? user, r.GetValue(email), r.GetRequiredValue(roles), actor),
                $"Created '{user}' ({string.Join(", ", r.GetRequiredValue(roles))}).")));
        command.Subcommands.Add(Action("reset", "New one-time password; sessions end and a lockout is lifted.", [], (accounts, user, r, actor) =>
            Report(r, accounts.ResetPasswordAsync(user, actor), $"Reset the password of '{user}'; sessions end and a lockout is lifted.")));
        foreach (var (verb, disable) in new[] { ("disable", true), ("enable", false) })
            command.Subcommands.Add(Action(verb, $"{(disable ? "Disable" : "Enable")} an account.", [], (accounts, user, r, actor) =>
                Report(r, accounts.SetDisabledAsync(user, disable, actor), $"'{user}' is {verb}d.")));

        var list = new Command("list", "List the accounts.");
        list.SetAction((r, _) => WithAccountsAsync(r, async accounts =>
        {
            foreach (var u in await accounts.ListAsync())
                r.InvocationConfiguration.Output.WriteLine($"{u.UserName,-24} {string.Join(",", u.Roles),-32} {(u.IsDisabled ? "disabled" : "active")}{(u.MustChangePassword ? ", must change password" : "")}");
            return 0;
        }));
        command.Subcommands.Add(list);
        return command;
    }

    /// <summary>A subcommand on one account named by --user.</summary>
    private static Command Action(string verb, string description, Option[] options, Func<UserAccounts, string, ParseResult, string, Task<int>> run)
    {
        var user = new Option<string>("--user") { Description = "the account's user name", Required = true, HelpName = "NAME" };
        var command = new Command(verb, description) { user };
        foreach (var option in options) command.Options.Add(option);
        command.SetAction((r, _) => WithAccountsAsync(r, accounts => run(accounts, r.GetRequiredValue(user), r, RegistryCommands.Actor)));
        return command;
    }

    private static async Task<int> Report(ParseResult r, Task<AccountResult> action, string done)
    {
        var result = await action;
        if (!result.Succeeded)
        {
            r.InvocationConfiguration.Error.WriteLine($"pvp user: {string.Join(" ", result.Errors)}");
            return 1;
        }
        var output = r.InvocationConfiguration.Output;
        output.WriteLine(done);
        if (result.OneTimePassword is not null)
            output.WriteLine($"One-time password: {result.OneTimePassword}  (shown once; it must be changed at the first sign-in)");
        return 0;
    }

    /// <summary>Runs <paramref name="body"/> with the accounts of the migrated database.</summary>
    private static async Task<int> WithAccountsAsync(ParseResult r, Func<UserAccounts, Task<int>> body)
    {
        await using var sp = RegistryCommands.Services(r);
        await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
        await using var scope = sp.CreateAsyncScope();
        return await body(scope.ServiceProvider.GetRequiredService<UserAccounts>());
    }
}
