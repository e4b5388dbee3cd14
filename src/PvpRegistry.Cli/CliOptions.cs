using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using PvpRegistry.Core;

namespace PvpRegistry.Cli;

/// <summary>The kinds of option the verbs share, with their parsing and checks (a bad value is a usage error).</summary>
public static class CliOptions
{
    /// <summary>An existing file; a missing one is refused before the command runs.</summary>
    public static Option<FileInfo> ExistingFile(string name, string description, bool required = true) =>
        new Option<FileInfo>(name) { Description = description, Required = required, HelpName = "FILE" }.AcceptExistingOnly();

    /// <summary>A file the command writes.</summary>
    public static Option<string> WrittenFile(string name, string description) =>
        new(name) { Description = description, Required = true, HelpName = "FILE" };

    /// <summary>A column name of the input CSV.</summary>
    public static Option<string> Column(string name, string description, bool required = true) =>
        new(name) { Description = description, Required = required, HelpName = "COLUMN" };

    /// <summary>Column names separated by commas (A,B,C): at least <paramref name="minimum"/>, none twice.</summary>
    public static Option<string[]> Columns(string name, string description, int minimum)
    {
        var option = new Option<string[]>(name)
        {
            Description = description, Required = true, HelpName = "A,B,...",
            CustomParser = r => r.Tokens.Count == 0 ? [] : r.Tokens[0].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
        };
        option.Validators.Add(r =>
        {
            var columns = r.GetValueOrDefault<string[]>() ?? [];
            if (columns.Length < minimum) r.AddError($"{name} needs at least {(minimum == 1 ? "one column" : $"{minimum} columns")}.");
            else if (columns.Distinct(StringComparer.Ordinal).Count() != columns.Length) r.AddError($"{name} lists a column twice.");
        });
        return option;
    }

    /// <summary>One of a fixed list of words.</summary>
    public static Option<string> Choice(string name, string description, string defaultValue, params string[] values) =>
        new Option<string>(name) { Description = description, DefaultValueFactory = _ => defaultValue, HelpName = string.Join('|', values) }.AcceptOnlyFromAmong(values);

    /// <summary>A finite number, written with a decimal point whatever the machine's culture.</summary>
    public static Option<double> Number(string name, string description, double defaultValue) => new(name)
    {
        Description = description, DefaultValueFactory = _ => defaultValue, HelpName = "NUMBER",
        CustomParser = r => r.Tokens.Count == 0 ? defaultValue : ParseNumber(r, r.Tokens[0].Value, $"{name} must be a number, not '{r.Tokens[0].Value}'."),
    };

    /// <summary>Finite numbers separated by commas (6,12,36); none when the option is absent.</summary>
    public static Option<double[]> Numbers(string name, string description) => new(name)
    {
        Description = description, DefaultValueFactory = _ => [], HelpName = "X,Y,...",
        CustomParser = r => r.Tokens.Count == 0 ? [] : r.Tokens[0].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => ParseNumber(r, s, $"{name} must be numbers separated by commas, not '{r.Tokens[0].Value}'.")).ToArray(),
    };

    /// <summary>A date written YYYY-MM-DD.</summary>
    public static Option<DateOnly?> Date(string name, string description) => new(name)
    {
        Description = description, HelpName = "YYYY-MM-DD",
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return null;
            var s = r.Tokens[0].Value;
            if (DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return d;
            r.AddError($"{name} '{s}' is not a date (YYYY-MM-DD).");
            return null;
        },
    };

    /// <summary>A code of a registry enumeration (pvp_i125, lumbar, ...).</summary>
    public static Option<T?> Code<T>(string name, string description) where T : struct, Enum => new(name)
    {
        Description = $"{description}: {Codes.AllowedList<T>()}", HelpName = "CODE",
        CustomParser = r =>
        {
            if (r.Tokens.Count == 0) return null;
            var s = r.Tokens[0].Value;
            if (Codes.TryParse<T>(s, out T value)) return value;
            r.AddError($"{name} '{s}' is not one of {Codes.AllowedList<T>()}.");
            return null;
        },
    };

    /// <summary>The output format of a listing: a table for people, JSON for scripts.</summary>
    public static Option<string> Format() => Choice("--format", "table for reading, json for scripts", "table", "json", "table");

    private static double ParseNumber(ArgumentResult r, string text, string error)
    {
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d)) return d;
        r.AddError(error);
        return 0;
    }
}
