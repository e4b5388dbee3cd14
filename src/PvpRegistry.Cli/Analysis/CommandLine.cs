using System.Globalization;

namespace PvpRegistry.Cli.Analysis;

/// <summary>"--name value" options of an analysis command.</summary>
internal sealed class CommandLine
{
    private readonly Dictionary<string, string> _values;

    private CommandLine(Dictionary<string, string> values) => _values = values;

    public static CommandLine Parse(string[] args, params string[] allowed)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            string a = args[i];
            if (!a.StartsWith("--", StringComparison.Ordinal) || a.Length == 2)
                throw new AnalysisInputException($"Unexpected argument '{a}'.");
            string name = a[2..], value;
            int eq = name.IndexOf('=');
            if (eq >= 0) { value = name[(eq + 1)..]; name = name[..eq]; }
            else if (i + 1 < args.Length) value = args[++i];
            else throw new AnalysisInputException($"Option --{name} needs a value.");
            if (!allowed.Contains(name)) throw new AnalysisInputException($"Unknown option --{name} (allowed: {string.Join(", ", allowed.Select(x => "--" + x))}).");
            if (!values.TryAdd(name, value)) throw new AnalysisInputException($"Option --{name} is given twice.");
        }
        return new CommandLine(values);
    }

    public string Required(string name) => _values.TryGetValue(name, out var v) && v.Length > 0 ? v
        : throw new AnalysisInputException($"Option --{name} is required.");

    public string? Optional(string name) => _values.GetValueOrDefault(name);

    public double Number(string name, double fallback)
    {
        if (!_values.TryGetValue(name, out var v)) return fallback;
        return double.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d
            : throw new AnalysisInputException($"Option --{name} must be a number, not '{v}'.");
    }

    public double[] Numbers(string name)
    {
        if (!_values.TryGetValue(name, out var v)) return [];
        return v.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d) ? d
                : throw new AnalysisInputException($"Option --{name} must be numbers separated by commas, not '{v}'."))
            .ToArray();
    }

    public string[] List(string name) => Required(name).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}

/// <summary>Runs a command body and turns failures into one line on stderr and exit code 2.</summary>
internal static class CommandRunner
{
    public static int Run(string command, TextWriter stderr, Func<int> body)
    {
        try
        {
            return body();
        }
        catch (Exception ex) when (ex is AnalysisInputException or ArgumentException or InvalidOperationException
                                       or PvpRegistry.Core.Statistics.CoxModelException or IOException or UnauthorizedAccessException)
        {
            stderr.WriteLine($"pvp {command}: {ex.Message.ReplaceLineEndings(" ")}");
            return 2;
        }
    }
}
