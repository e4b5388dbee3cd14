using System.CommandLine;

namespace PvpRegistry.Cli.Analysis;

/// <summary>The options the analyses share.</summary>
internal static class AnalysisOptions
{
    public static Option<FileInfo> Input() => CliOptions.ExistingFile("--input", "the CSV file (a header row; empty or NA for missing)");

    public static Option<string> Time() => CliOptions.Column("--time", "column of the follow-up times");

    public static Option<string> Event() => CliOptions.Column("--event", "column of the events: 1 (event) or 0 (censored); 2/1 (R's Surv coding) and TRUE/FALSE or T/F are read too");
}
