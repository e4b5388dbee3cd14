using System.Collections.Concurrent;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.Study;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Web.Features.Reports;

/// <summary>A generated study report waiting to be downloaded by the user who asked for it.</summary>
public sealed record ReadyReport(Guid Id, string User, byte[] Pdf, int Patients, string Fingerprint, DateTimeOffset CreatedUtc);

/// <summary>The cohort matched nothing, or the report could not be made; the message says what to do.</summary>
public sealed class ReportUnavailableException(RegistryMessage message) : Exception(message.English), ICodedException
{
    public RegistryMessage Coded { get; } = message;
}

/// <summary>
/// Makes study reports off the request and circuit threads. At most <see cref="Slots"/> reports are drawn
/// at once (the rest wait in line, each with its own progress), so a report never starves the other users
/// of the server's cores. Finished reports are kept for <see cref="KeepFor"/> for their owner's download.
/// </summary>
public sealed class ReportGenerator(CohortLoader loader, DemoCohort demo, RegistryClock clock, Queries.QueryService queries, ILogger<ReportGenerator> logger)
{
    public const int Slots = 1;
    public static readonly TimeSpan KeepFor = TimeSpan.FromMinutes(15);
    private const int MaxKept = 20;

    private readonly SemaphoreSlim _slots = new(Slots, Slots);
    private readonly ConcurrentDictionary<Guid, ReadyReport> _ready = new();

    public async Task<ReadyReport> GenerateAsync(string user, CohortFilter filter, IProgress<ReportProgress>? progress = null, CancellationToken ct = default)
    {
        var language = ReportText.For(System.Globalization.CultureInfo.CurrentUICulture); // the user's language, read on the caller's flow
        progress?.Report(new(0, language["Progress_Waiting"]));
        await _slots.WaitAsync(ct);
        try
        {
            progress?.Report(new(0.02, language["Progress_Reading"]));
            // The dashboards' cohort rule: the same filter selects the same patients here and there.
            var cohort = await loader.LoadStudyRecordsAsync(filter, ct);
            if (cohort.Count == 0) throw new ReportUnavailableException(new("report_no_patients"));
            bool synthetic = await demo.IsLoadedAsync(ct);
            int openQueries = await queries.OpenCountAsync(ct);
            var started = clock.UtcNow;
            var report = await Task.Run(() =>
            {
                var now = clock.UtcNow;
                var info = new StudyReportInfo(language["Source_Registry"], new DateTimeOffset(now, TimeSpan.Zero), StudyCsvFingerprint.Compute(cohort), filter, synthetic,
                    OpenQueries: openQueries, Language: language, AsOfDay: clock.DayOf(now));
                var pdf = StudyReport.Generate(cohort, info, progress, ct);
                return new ReadyReport(Guid.NewGuid(), user, pdf, cohort.Count, info.Fingerprint, info.AsOfUtc);
            }, ct);
            logger.LogInformation("Study report of {Patients} patients generated in {Ms} ms ({Kb} KB)", report.Patients,
                (int)(clock.UtcNow - started).TotalMilliseconds, report.Pdf.Length / 1024);
            Keep(report);
            return report;
        }
        finally
        {
            _slots.Release();
        }
    }

    /// <summary>The report if it exists, is recent and belongs to <paramref name="user"/>.</summary>
    public ReadyReport? Find(Guid id, string user) =>
        _ready.TryGetValue(id, out var r) && r.User == user && clock.UtcNow - r.CreatedUtc.UtcDateTime < KeepFor ? r : null;

    private void Keep(ReadyReport report)
    {
        foreach (var old in _ready.Values.Where(r => clock.UtcNow - r.CreatedUtc.UtcDateTime >= KeepFor).ToArray()) _ready.TryRemove(old.Id, out _);
        foreach (var old in _ready.Values.OrderBy(r => r.CreatedUtc).Take(Math.Max(0, _ready.Count - MaxKept + 1)).ToArray()) _ready.TryRemove(old.Id, out _);
        _ready[report.Id] = report;
    }
}
