using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Cli.Registry;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.Study;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Cli.Analysis;

/// <summary>
/// <c>pvp report --out FILE.pdf [--input cohort.csv] [--from D] [--to D] [--group G] [--tumor T] [--site S]</c>:
/// the PDF study report of a study CSV, or of the configured registry database without <c>--input</c>.
/// <c>--from</c> and <c>--to</c> are on the enrolment date, as on the dashboards; a study CSV has no enrolment
/// date, so its rows are enrolled on their procedure date, as importing the file would enrol them.
/// </summary>
public static class ReportCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var a = new CliArguments(args);
        var output = a.Require("out");
        var input = a.Get("input");
        var filter = new CohortFilter(a.Date("from"), a.Date("to"),
            Parse<TreatmentGroup>(a, "group"), Parse<PrimaryTumor>(a, "tumor"), Parse<MetastaticSite>(a, "site"));
        a.RejectUnknown();

        IReadOnlyList<StudyRecord> cohort;
        string source;
        bool demo = false;
        if (input is not null)
        {
            try { cohort = filter.Apply(CohortRecord.FromStudyCsv(StudyCommand.ReadCohort(input))); }
            catch (AnalysisInputException ex) { Console.Error.WriteLine($"pvp report: {ex.Message}"); return 2; }
            source = $"Study CSV file {Path.GetFileName(input)}" + (filter.HasDateRange ? " (no enrolment dates: each row's procedure date is its enrolment date, as on import)" : "");
        }
        else
        {
            await using var sp = RegistryCommands.Services();
            await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
            cohort = await sp.GetRequiredService<CohortLoader>().LoadStudyRecordsAsync(filter);
            demo = await sp.GetRequiredService<DemoCohort>().IsLoadedAsync();
            source = "Registry database";
        }
        if (cohort.Count == 0)
        {
            Console.Error.WriteLine("pvp report: no patients match (the cohort is empty).");
            return 1;
        }
        var watch = System.Diagnostics.Stopwatch.StartNew();
        var info = new StudyReportInfo(source, TimeProvider.System.GetUtcNow(), StudyCsvFingerprint.Compute(cohort), filter, demo);
        var bytes = StudyReport.Generate(cohort, info);
        watch.Stop();
        await OutputFile.WriteAsync(output, temp => File.WriteAllBytesAsync(temp, bytes));
        Console.Error.WriteLine($"Wrote the study report of {cohort.Count} patient(s) to {output} ({bytes.Length / 1024} KB; fingerprint, analysis and PDF in {watch.ElapsedMilliseconds} ms).");
        Console.Error.WriteLine($"Data fingerprint (SHA-256 of the analysed rows): {info.Fingerprint}");
        return 0;
    }

    private static T? Parse<T>(CliArguments a, string name) where T : struct, Enum
    {
        var value = a.Get(name);
        if (value is null) return null;
        return Codes.TryParse<T>(value, out T v) ? v : throw new CliUsageException($"--{name} '{value}' is not one of {Codes.AllowedList<T>()}.");
    }
}
