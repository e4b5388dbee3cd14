using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Cli.Registry;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.Study;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Cli.Analysis;

/// <summary>
/// <c>pvp report --out FILE.pdf [--input cohort.csv] [--from D] [--to D] [--group G] [--tumor T] [--site S] [--lang en|zh-CN]</c>:
/// the PDF study report of a study CSV, or of the configured registry database without <c>--input</c>, in English or Chinese.
/// <c>--from</c> and <c>--to</c> are on the enrolment date, as on the dashboards; a study CSV has no enrolment
/// date, so its rows are enrolled on their procedure date, as importing the file would enrol them.
/// </summary>
public static class ReportCommand
{
    public static Command Create()
    {
        var output = CliOptions.WrittenFile("--out", "the PDF to write");
        var input = CliOptions.ExistingFile("--input", "a study CSV to report on (default: the registry)", required: false);
        var from = CliOptions.Date("--from", "first enrolment date");
        var to = CliOptions.Date("--to", "last enrolment date");
        var group = CliOptions.Code<TreatmentGroup>("--group", "treatment group");
        var tumor = CliOptions.Code<PrimaryTumor>("--tumor", "primary tumour");
        var site = CliOptions.Code<MetastaticSite>("--site", "metastatic site");
        var language = CliOptions.Choice("--lang", "the report's language (numbers, dates and this program's output stay as they are)", "en",
            [.. ReportText.All.Select(t => t.Language)]);
        var command = new Command("report", """
            The PDF study report of the registry, or of a study CSV with --input. --from/--to select on the
            enrolment date, as on the dashboards (a study CSV has none: its procedure date, as on import).
            --lang zh-CN writes it in Chinese.
            """) { output, input, from, to, group, tumor, site, language };
        command.SetAction(async (r, _) =>
        {
            var error = r.InvocationConfiguration.Error;
            var text = ReportText.ForCode(r.GetRequiredValue(language))!;
            var filter = new CohortFilter(r.GetValue(from), r.GetValue(to), r.GetValue(group), r.GetValue(tumor), r.GetValue(site));
            IReadOnlyList<StudyRecord> cohort;
            string source;
            bool demo = false;
            // When the data are read, and that day: in the registry's time zone for the registry, in this computer's for a file.
            DateTime asOfUtc;
            DateOnly asOfDay;
            if (r.GetValue(input) is { } file)
            {
                cohort = filter.Apply(CohortRecord.FromStudyCsv(StudyCommand.ReadCohort(file.FullName)));
                source = text.Format("Source_StudyCsv", file.Name) + (filter.HasDateRange ? text["Source_NoEnrolmentDates"] : "");
                asOfUtc = TimeProvider.System.GetUtcNow().UtcDateTime;
                asOfDay = RegistryTime.DayOf(asOfUtc, TimeZoneInfo.Local);
            }
            else
            {
                await using var sp = RegistryCommands.Services(r);
                await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(60));
                var clock = sp.GetRequiredService<RegistryClock>();
                asOfUtc = clock.UtcNow;
                asOfDay = clock.DayOf(asOfUtc);
                cohort = await sp.GetRequiredService<CohortLoader>().LoadStudyRecordsAsync(filter);
                demo = await sp.GetRequiredService<DemoCohort>().IsLoadedAsync();
                source = text["Source_Registry"];
            }
            if (cohort.Count == 0)
            {
                error.WriteLine("pvp report: no patients match (the cohort is empty).");
                return 1;
            }
            var path = r.GetRequiredValue(output);
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var info = new StudyReportInfo(source, new DateTimeOffset(asOfUtc, TimeSpan.Zero), StudyCsvFingerprint.Compute(cohort), filter, demo,
                Language: text, AsOfDay: asOfDay);
            var bytes = StudyReport.Generate(cohort, info);
            watch.Stop();
            await OutputFile.WriteAsync(path, temp => File.WriteAllBytesAsync(temp, bytes));
            error.WriteLine($"Wrote the study report of {cohort.Count} patient(s) to {path} ({bytes.Length / 1024} KB; fingerprint, analysis and PDF in {watch.ElapsedMilliseconds} ms).");
            error.WriteLine($"Data fingerprint (SHA-256 of the analysed rows): {info.Fingerprint}");
            return 0;
        });
        return command;
    }
}
