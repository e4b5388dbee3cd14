using PvpRegistry.Cli;
using PvpRegistry.Cli.Analysis;
using PvpRegistry.Cli.Registry;

// The `pvp` tool: the registry's operations against the configured database, and the study analyses on CSV files.
var commands = new Dictionary<string, Func<string[], Task<int>>>(StringComparer.Ordinal)
{
    ["migrate"] = RegistryCommands.MigrateAsync,
    ["import"] = RegistryCommands.ImportAsync,
    ["export"] = RegistryCommands.ExportAsync,
    ["worklist"] = RegistryCommands.WorklistAsync,
    ["quality"] = RegistryCommands.QualityAsync,
    ["reminders"] = ReminderCommands.RunAsync,
    ["health"] = RegistryCommands.HealthAsync,
    ["user"] = UserCommands.RunAsync,
    ["backup"] = BackupCommands.BackupAsync,
    ["restore"] = BackupCommands.RestoreAsync,
    ["km"] = a => Task.FromResult(KmCommand.Run(a)),
    ["logrank"] = a => Task.FromResult(LogRankCommand.Run(a)),
    ["cox"] = a => Task.FromResult(CoxCommand.Run(a)),
    ["rmanova"] = a => Task.FromResult(RmAnovaCommand.Run(a)),
    ["study"] = a => Task.FromResult(StudyCommand.Run(a)),
    ["report"] = ReportCommand.RunAsync,
};

if (args.Length == 0 || args[0] is "-h" or "--help" or "help")
{
    Console.Out.WriteLine(CliHelp.Text);
    return args.Length == 0 ? 2 : 0;
}
if (!commands.TryGetValue(args[0], out var command))
{
    Console.Error.WriteLine($"pvp: unknown command '{args[0]}'. Run 'pvp --help' for the list.");
    return 2;
}
try
{
    return await command(args[1..]);
}
catch (CliUsageException ex)
{
    Console.Error.WriteLine($"pvp {args[0]}: {ex.Message}");
    return 2;
}
catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException
                               or Microsoft.Data.Sqlite.SqliteException or Microsoft.Data.SqlClient.SqlException)
{
    Console.Error.WriteLine($"pvp {args[0]}: {ex.Message}");
    return 1;
}
