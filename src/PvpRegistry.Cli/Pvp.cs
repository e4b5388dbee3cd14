using System.CommandLine;
using System.CommandLine.Invocation;
using PvpRegistry.Cli.Analysis;
using PvpRegistry.Cli.Registry;

namespace PvpRegistry.Cli;

/// <summary>
/// The `pvp` command line: every verb, parsed by System.CommandLine. Bad usage (unknown option, missing or bad
/// value) prints one line on stderr and exits 2; a command that fails (a bad input file, an unreachable database)
/// prints one line and exits 1. A verb is one file with a <c>Create()</c> method, listed in <see cref="Verbs"/>.
/// </summary>
public static class Pvp
{
    private static Command[] Verbs() =>
    [
        RegistryCommands.Migrate(),
        RegistryCommands.Import(),
        RegistryCommands.Export(),
        RegistryCommands.Worklist(),
        QualityCommand.Create(),
        ReminderCommands.Create(),
        RegistryCommands.Health(),
        UserCommands.Create(),
        BackupCommands.Backup(),
        BackupCommands.Restore(),
        KmCommand.Create(),
        LogRankCommand.Create(),
        CoxCommand.Create(),
        RmAnovaCommand.Create(),
        StudyCommand.Create(),
        ReportCommand.Create(),
    ];

    /// <summary>The verbs that analyse a CSV file: 'pvp --help' lists every option of each.</summary>
    private static readonly string[] Analyses = ["km", "logrank", "cox", "rmanova", "study"];

    public static RootCommand Create() => Create(new Dictionary<string, string?>());

    private static PvpRootCommand Create(IReadOnlyDictionary<string, string?> settings)
    {
        var verbs = Verbs();
        var root = new PvpRootCommand(settings, $"""
            pvp - the PvpRegistry command line.
            Registry verbs use the configured database: appsettings.json, overridden by
            Database__Provider=Sqlite|SqlServer|Postgres and ConnectionStrings__Registry.
            Analyses read a CSV file and print JSON on stdout. 'pvp VERB --help' describes a verb.
            Analysis options ([...]: optional):
            {string.Join('\n', verbs.Where(v => Analyses.Contains(v.Name)).Select(v => "  " + AnalysisUsage(v)))}
            """);
        foreach (var verb in verbs) root.Subcommands.Add(verb);
        return root;
    }

    /// <summary>"km --input FILE --time COLUMN ... [--conf-level NUMBER]": a verb's options, from the verb itself.</summary>
    private static string AnalysisUsage(Command verb) =>
        $"{verb.Name,-8}" + string.Join(' ', verb.Options.Select(o =>
        {
            var usage = o.HelpName is { } value ? $"{o.Name} {value}" : o.Name;
            return o.Required ? usage : $"[{usage}]";
        }));

    public static Task<int> RunAsync(string[] args) => RunAsync(args, Console.Out, Console.Error);

    /// <summary>
    /// Runs `pvp` with its output on <paramref name="stdout"/> and <paramref name="stderr"/>. <paramref name="settings"/>
    /// ("ConnectionStrings:Registry", ...) override appsettings.json and the environment for the registry verbs.
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var parsed = Create(settings ?? new Dictionary<string, string?>()).Parse(args);
        var verb = VerbName(parsed);
        if (parsed.Action is ParseErrorAction)
        {
            // An unknown word explains the other errors (a misspelt option leaves its value unmatched, a required one missing).
            var error = parsed.Errors.FirstOrDefault(e => parsed.UnmatchedTokens.Any(t => e.Message.Contains($"'{t}'", StringComparison.Ordinal)))
                ?? parsed.Errors[0];
            stderr.WriteLine($"{verb}: {OneLine(error.Message)} See '{verb} --help'.");
            return 2;
        }
        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false });
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException
                                       or ArgumentException or Core.Statistics.CoxModelException
                                       or System.Data.Common.DbException)
        {
            stderr.WriteLine($"{verb}: {OneLine(ex.Message)}");
            return 1;
        }
    }

    /// <summary>"pvp", "pvp km", "pvp user add": the command as typed, for messages.</summary>
    private static string VerbName(ParseResult parsed)
    {
        var names = new List<string>();
        for (var c = parsed.CommandResult; c is not null; c = c.Parent as System.CommandLine.Parsing.CommandResult)
            names.Insert(0, c.Command is RootCommand ? "pvp" : c.Command.Name);
        return string.Join(' ', names);
    }

    private static string OneLine(string message) => message.ReplaceLineEndings(" ").Trim();
}

/// <summary>The `pvp` root command, carrying the configuration settings its registry verbs run with.</summary>
internal sealed class PvpRootCommand(IReadOnlyDictionary<string, string?> settings, string description) : RootCommand(description)
{
    public IReadOnlyDictionary<string, string?> Settings { get; } = settings;
}
