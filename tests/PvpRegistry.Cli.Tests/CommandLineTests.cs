using System.CommandLine;
using PvpRegistry.Cli.Tests.Infrastructure;

namespace PvpRegistry.Cli.Tests;

/// <summary>Every verb describes itself with --help; bad usage is refused with one line on stderr before anything runs.</summary>
public class CommandLineTests
{
    /// <summary>Every command path of `pvp`: "km", "user add", "reminders run", ...</summary>
    public static TheoryData<string> Verbs() => new(CommandPaths());

    private static List<string> CommandPaths()
    {
        var paths = new List<string>();
        void Add(Command command, string path)
        {
            paths.Add(path);
            foreach (var sub in command.Subcommands) Add(sub, $"{path} {sub.Name}");
        }
        foreach (var verb in Pvp.Create().Subcommands) Add(verb, verb.Name);
        return paths;
    }

    [Fact]
    public void Every_verb_of_the_readme_is_a_command()
    {
        var verbs = CommandPaths().ToHashSet();
        Assert.Superset(new HashSet<string>
        {
            "migrate", "import", "export", "worklist", "quality", "reminders run", "health", "user add", "user reset", "user disable", "user enable",
            "user list", "backup", "restore", "km", "logrank", "cox", "rmanova", "study", "report",
        }, verbs);
    }

    [Theory]
    [MemberData(nameof(Verbs))]
    public void Every_verb_answers_help_with_its_usage_and_exit_0(string verb)
    {
        var run = PvpInProcess.Run([.. verb.Split(' '), "--help"]);
        Assert.True(run.Code == 0, run.StdErr);
        // The usage line starts with the program's name ("pvp" when installed), then the command path.
        Assert.Contains("Usage:", run.StdOut);
        Assert.Contains($" {verb} ", run.StdOut);
        Assert.Empty(run.StdErr);
    }

    [Fact]
    public void Pvp_help_lists_every_option_of_every_analysis_verb()
    {
        var run = PvpInProcess.Run("--help");
        Assert.True(run.Code == 0, run.StdErr);
        Assert.Contains("[--conf-level NUMBER]", run.StdOut);
        Assert.Contains("[--weights log-rank|fleming-harrington|breslow|tarone-ware]", run.StdOut);
        foreach (var verb in Pvp.Create().Subcommands.Where(v => v.Name is "km" or "logrank" or "cox" or "rmanova" or "study"))
        {
            var line = run.StdOut.Split('\n').Single(l => l.TrimStart().StartsWith(verb.Name + " ", StringComparison.Ordinal) && l.Contains("--input", StringComparison.Ordinal));
            Assert.All(verb.Options, o => Assert.Contains(o.Name, line));
        }
    }

    [Theory]
    [InlineData("km --input aml.csv --time time --event status --colour red", "pvp km: Unrecognized command or argument '--colour'")]
    [InlineData("worklist --as-of 2024-06-15 --colour red", "pvp worklist: Unrecognized command or argument '--colour'")]
    [InlineData("user add --user ann --roles Nurse --colour red", "pvp user add: Unrecognized command or argument '--colour'")]
    [InlineData("frobnicate", "pvp: Unrecognized command or argument 'frobnicate'")]
    public void An_unknown_option_or_verb_is_one_line_on_stderr_and_exit_2(string args, string message) => RefusedAsBadUsage(args, message);

    [Theory]
    [InlineData("km --input aml.csv --time time", "pvp km: Option '--event' is required.")]
    [InlineData("cox --input aml.csv --time time --event status", "pvp cox: Option '--covariates' is required.")]
    [InlineData("export", "pvp export: Option '--out' is required.")]
    [InlineData("backup", "pvp backup: Option '--out' is required.")]
    [InlineData("user reset", "pvp user reset: Option '--user' is required.")]
    [InlineData("report", "pvp report: Option '--out' is required.")]
    public void A_missing_required_option_is_one_line_on_stderr_and_exit_2(string args, string message) => RefusedAsBadUsage(args, message);

    [Theory]
    [InlineData("km --input aml.csv --time time --event status --conf-type probit", "pvp km: Argument 'probit' not recognized.")]
    [InlineData("km --input aml.csv --time time --event status --conf-level 1.5", "pvp km: --conf-level must be between 0 and 1.")]
    [InlineData("km --input aml.csv --time time --event status --at 6,soon", "pvp km: --at must be numbers separated by commas, not '6,soon'.")]
    [InlineData("rmanova --input obk.csv --group treatment --measures pre", "pvp rmanova: --measures needs at least 2 columns.")]
    [InlineData("cox --input aml.csv --time time --event status --covariates x,x", "pvp cox: --covariates lists a column twice.")]
    [InlineData("logrank --input aml.csv --time time --event status --group group --weights breslow --rho 1", "pvp logrank: --rho applies to the log-rank (G-rho) weights only.")]
    [InlineData("worklist --as-of 15/06/2024", "pvp worklist: --as-of '15/06/2024' is not a date (YYYY-MM-DD).")]
    [InlineData("report --out r.pdf --site neck", "pvp report: --site 'neck' is not one of")]
    [InlineData("report --out r.pdf --lang fr", "pvp report: Argument 'fr' not recognized.")]
    [InlineData("study --input no-such-cohort.csv", "pvp study: File does not exist: 'no-such-cohort.csv'.")]
    public void A_bad_value_is_one_line_on_stderr_and_exit_2(string args, string message) => RefusedAsBadUsage(args, message);

    /// <summary>Bad usage of each registry verb, refused by the parser before any database is opened.</summary>
    [Theory]
    [InlineData("migrate --colour red", "pvp migrate: Unrecognized command or argument '--colour'")]
    [InlineData("import", "pvp import: Required argument 'FILE.csv' missing for command: 'import'.")]
    [InlineData("import no-such-cohort.csv", "pvp import: File does not exist: 'no-such-cohort.csv'.")]
    [InlineData("quality --format xml", "pvp quality: Argument 'xml' not recognized.")]
    [InlineData("reminders run --as-of 15/06/2024", "pvp reminders run: --as-of '15/06/2024' is not a date (YYYY-MM-DD).")]
    [InlineData("health --url", "pvp health: Required argument missing for option: '--url'.")]
    [InlineData("user disable", "pvp user disable: Option '--user' is required.")]
    [InlineData("user enable", "pvp user enable: Option '--user' is required.")]
    [InlineData("user list --colour red", "pvp user list: Unrecognized command or argument '--colour'")]
    [InlineData("restore --yes", "pvp restore: Option '--from' is required.")]
    [InlineData("user", "pvp user: Required command was not provided.")]
    [InlineData("reminders", "pvp reminders: Required command was not provided.")]
    public void Bad_usage_of_a_registry_verb_is_one_line_on_stderr_and_exit_2(string args, string message) => RefusedAsBadUsage(args, message);

    /// <summary>`pvp` with <paramref name="args"/> prints nothing on stdout, one line starting with <paramref name="message"/> on stderr, and exits 2.</summary>
    private static void RefusedAsBadUsage(string args, string message)
    {
        var run = PvpInProcess.Run(Args(args));
        Assert.Equal(2, run.Code);
        Assert.StartsWith(message, run.ErrorLine);
        Assert.Empty(run.StdOut);
    }

    /// <summary>The words of <paramref name="line"/>, with the reference files' names resolved to their test copies.</summary>
    private static string[] Args(string line) =>
        line.Split(' ').Select(a => a is "aml.csv" or "obk.csv" ? Path.Combine(AppContext.BaseDirectory, "TestData", a) : a).ToArray();
}
