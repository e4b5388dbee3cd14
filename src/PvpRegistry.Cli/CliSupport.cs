using System.Globalization;

namespace PvpRegistry.Cli;

/// <summary>Bad command-line input: printed as one line on stderr, exit code 2.</summary>
public class CliUsageException(string message) : Exception(message);

/// <summary>Parses `--name value` options and `--flag` switches; positional arguments are kept in order.</summary>
public class CliArguments
{
    private readonly Dictionary<string, string?> _options = new(StringComparer.Ordinal);
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);
    public List<string> Positional { get; } = [];

    public CliArguments(string[] args, params string[] switches)
    {
        var switchSet = switches.ToHashSet(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            var a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal)) { Positional.Add(a); continue; }
            var eq = a.IndexOf('=');
            if (eq > 0) { _options[a[2..eq]] = a[(eq + 1)..]; continue; }
            var name = a[2..];
            if (switchSet.Contains(name)) { _options[name] = null; continue; }
            if (i + 1 >= args.Length) throw new CliUsageException($"--{name} needs a value.");
            _options[name] = args[++i];
        }
    }

    public string? Get(string name)
    {
        _used.Add(name);
        return _options.GetValueOrDefault(name);
    }

    public string Require(string name) => Get(name) ?? throw new CliUsageException($"--{name} is required.");

    public bool Has(string name)
    {
        _used.Add(name);
        return _options.ContainsKey(name);
    }

    public DateOnly? Date(string name)
    {
        var s = Get(name);
        if (s is null) return null;
        return DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)
            ? d
            : throw new CliUsageException($"--{name} '{s}' is not a date (YYYY-MM-DD).");
    }

    /// <summary>Refuses options the command does not know, so a typo is not silently ignored.</summary>
    public void RejectUnknown(int maxPositional = 0)
    {
        var unknown = _options.Keys.FirstOrDefault(k => !_used.Contains(k));
        if (unknown is not null) throw new CliUsageException($"unknown option --{unknown}.");
        if (Positional.Count > maxPositional) throw new CliUsageException($"unexpected argument '{Positional[maxPositional]}'.");
    }
}

/// <summary>
/// Files that commands write: written beside the target as <c>FILE.partial</c> and moved into place once complete,
/// so a failed or interrupted run never leaves half a file under the target's name.
/// </summary>
public static class OutputFile
{
    /// <summary>Writes <paramref name="path"/>: <paramref name="write"/> fills the temporary file whose path it is given.</summary>
    /// <param name="overwrite">Whether a file already at <paramref name="path"/> is replaced.</param>
    public static async Task<T> WriteAsync<T>(string path, Func<string, Task<T>> write, bool overwrite = true)
    {
        var temp = path + ".partial";
        File.Delete(temp);
        try
        {
            var result = await write(temp);
            File.Move(temp, path, overwrite);
            return result;
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { /* the original failure is the one to report */ }
            throw;
        }
    }

    public static Task WriteAsync(string path, Func<string, Task> write, bool overwrite = true) =>
        WriteAsync(path, async temp => { await write(temp); return true; }, overwrite);
}

public static class CliHelp
{
    public const string Text = """
        pvp - the PvpRegistry command line

        Registry (uses the configured database: appsettings.json, overridden by
        Database__Provider=Sqlite|SqlServer and ConnectionStrings__Registry):
          pvp migrate                                   apply database migrations
          pvp import FILE.csv                           import a study CSV (all or nothing)
          pvp export --out FILE.csv [--deidentified]    export the study CSV
          pvp worklist --as-of YYYY-MM-DD [--format json|table]
                                                        visits due and overdue on a date
          pvp quality [--format json|table] [--fail-on-any]
                                                        record-rule violations and protocol deviations;
                                                        --fail-on-any exits 1 when there is any
          pvp reminders run --as-of YYYY-MM-DD [--dry-run] [--format json|table]
                                                        raise the reminders current on a date (once per visit and kind)
                                                        and queue the e-mail digests; --dry-run only prints them
          pvp health [--url http://host/health]         check the database (or a running app); exit 0 when healthy
          pvp user add --user NAME --roles Nurse,Surgeon,Researcher,Admin [--name "Display Name"] [--email E]
          pvp user reset|disable|enable --user NAME     (add and reset print a one-time password)
          pvp user list
          pvp backup --out FILE.db                      consistent online copy of the SQLite database
          pvp restore --from FILE.db --yes              replace the database (the current one is kept beside it)

        Analyses (on a CSV file; JSON on stdout):
          pvp km --input F --time C --event C [--group C] [--at 6,12,36] [--conf-type log|log-log|plain]
          pvp logrank --input F --time C --event C --group C [--rho R]
          pvp cox --input F --time C --event C --covariates A,B [--ties efron|breslow] [--select forward-lr|backward-wald]
          pvp rmanova --input F --group C --measures A,B,C
          pvp study --input cohort.csv

        Reports:
          pvp report --out FILE.pdf [--input cohort.csv] [--from YYYY-MM-DD] [--to YYYY-MM-DD]
                     [--group pvp|pvp_i125] [--tumor T] [--site lumbar|sacral|lumbosacral]
                                                        the PDF study report (without --input: the registry);
                                                        --from/--to: enrolment date, as on the dashboards
                                                        (a study CSV has none: its procedure date, as on import)
        """;
}
