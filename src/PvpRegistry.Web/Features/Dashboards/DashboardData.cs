using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data;
using PvpRegistry.Data.Study;
using PvpRegistry.Reports;
using PvpRegistry.Reports.Figures;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Reports.Study;

namespace PvpRegistry.Web.Features.Dashboards;

/// <summary>The cohort filter of the dashboards. "Site" is the metastatic site (lumbar, sacral, lumbosacral).</summary>
public sealed record DashboardFilter
{
    public DateOnly? EnrolledFrom { get; init; }
    public DateOnly? EnrolledTo { get; init; }
    public TreatmentGroup? Group { get; init; }
    public PrimaryTumor? PrimaryTumor { get; init; }
    public MetastaticSite? Site { get; init; }
    public bool IncludeScreenFailures { get; init; }
    public bool IncludeVoided { get; init; }

    public static DashboardFilter Default { get; } = new();

    /// <summary>The date range and the choices as the study report's filter: one rule decides who is in both.</summary>
    public CohortFilter Cohort => new(EnrolledFrom, EnrolledTo, Group, PrimaryTumor, Site);
}

/// <summary>
/// A data-quality warning of the completeness panel: an assessment of <paramref name="OutOfWindow"/> outside its window,
/// or a living patient without a recent vital status (<paramref name="DaysWithoutStatus"/> since <paramref name="LastKnownAlive"/>,
/// both null when none was ever recorded). The panel words it in the user's language.
/// </summary>
public sealed record DataQualityWarning(string StudyId, VisitCode? OutOfWindow = null, int? DaysWithoutStatus = null, DateOnly? LastKnownAlive = null);

/// <summary>The patients the filter left out of the analysis, counted by why (the page words them).</summary>
public sealed record CohortExclusions(int Voided, int ScreenFailures, int WithoutSurvival)
{
    public bool Any => Voided + ScreenFailures + WithoutSurvival > 0;
}

/// <summary>Why the panels have no result: nobody matches the filter, nobody has a procedure and a status date, or the analysis refused the data.</summary>
public enum DashboardProblem { NoMatch, NoRecords, AnalysisFailed }

/// <summary>What the panels show: the study result of the filtered cohort and the follow-up completeness.</summary>
public sealed record DashboardView(
    DashboardFilter Filter,
    int N,
    CohortExclusions Exclusions,
    StudyResult? Result,
    DashboardProblem? Problem,
    ArgumentException? ProblemCause,
    PrognosticGroups? Prognosis,
    int CompletenessN,
    IReadOnlyList<CompletenessBar> Completeness,
    IReadOnlyList<DataQualityWarning> Warnings,
    DateTime ComputedAtUtc);

/// <summary>
/// Loads the registry for the dashboards and computes every panel's view model. The statistics are
/// <see cref="StudyAnalysis.Run"/> on the filtered study rows (the same function as <c>pvp study</c>);
/// nothing here estimates anything itself.
/// </summary>
public sealed class DashboardService(CohortLoader loader, RegistryClock clock, RegistryChangeFeed changes)
{
    /// <summary>Days without a status (death or last known alive) after which a living patient is flagged.</summary>
    public const int StatusStaleDays = 183;

    private readonly object _gate = new();
    private (RegistryVersion Version, Task<CohortSnapshot> Load)? _cached;

    /// <summary>
    /// The registry as the dashboards see it, shared by every open dashboard while the data are unchanged (so ten
    /// researchers watching cost one query per change, not ten). Keyed by the change feed's version, read on every
    /// call: a save by any process (another instance, `pvp import`, `pvp restore`) makes the next call reload, so a
    /// page load never shows data older than the database.
    /// </summary>
    public async Task<CohortSnapshot> SnapshotAsync(CancellationToken ct = default)
    {
        var version = await changes.VersionAsync(ct);
        Task<CohortSnapshot> load;
        lock (_gate)
        {
            if (_cached is { } c && c.Version == version && !c.Load.IsFaulted && !c.Load.IsCanceled && (!c.Load.IsCompleted || c.Load.Result.Today == clock.Today))
                load = c.Load;
            else
            {
                // Loaded after reading the version: the snapshot holds at least its changes (a later one makes the next call reload).
                load = LoadAsync();
                _cached = (version, load);
            }
        }
        return await load;
    }

    /// <summary>Reads every patient of the registry through the <see cref="CohortLoader"/>.</summary>
    public Task<CohortSnapshot> LoadAsync(CancellationToken ct = default) => loader.LoadAsync(ct);

    /// <summary>
    /// Applies the filter and computes every panel. Pure: the bench and the tests call it directly. The labels the view
    /// holds (risk groups, visits of the completeness figure) are in <paramref name="text"/>'s language (English by default).
    /// </summary>
    public static DashboardView Compute(CohortSnapshot snapshot, DashboardFilter filter, DateTime nowUtc, ReportText? text = null)
    {
        var t = text ?? ReportText.English;
        var selected = new List<CohortPatient>();
        int screenFailures = 0, voided = 0;
        var cohort = filter.Cohort;
        foreach (var p in snapshot.Patients)
        {
            if (p.Voided && !filter.IncludeVoided) { voided++; continue; }
            if (p.Enrolment == EnrolmentStatus.ScreenFailure && !filter.IncludeScreenFailures) { screenFailures++; continue; }
            if (p.IsIn(cohort)) selected.Add(p);
        }
        var records = selected.Where(p => p.Record is not null).Select(p => p.Record!).ToArray();
        var exclusions = new CohortExclusions(voided, screenFailures, selected.Count - records.Length);

        // One pass over the selected patients' visits: the counts per visit and status, and the warnings.
        var codes = Enum.GetValues<VisitCode>();
        var counts = new int[codes.Length, 5]; // completed, missed, overdue, open, not expected
        var warnings = new List<DataQualityWarning>();
        foreach (var p in selected)
        {
            foreach (var v in p.Visits)
            {
                int code = Array.IndexOf(codes, v.Code);
                if (code >= 0) counts[code, v.Status switch
                {
                    VisitStatus.Completed => 0,
                    VisitStatus.Missed => 1,
                    VisitStatus.Overdue => 2,
                    VisitStatus.NotExpected => 4,
                    _ => 3,
                }]++;
                if (v.OutOfWindow) warnings.Add(new DataQualityWarning(p.StudyId, OutOfWindow: v.Code));
            }
            if (p.Vital == VitalStatus.Alive && (p.LastStatusDate is not { } last || snapshot.Today.DayNumber - last.DayNumber > StatusStaleDays))
                warnings.Add(p.LastStatusDate is { } d
                    ? new DataQualityWarning(p.StudyId, DaysWithoutStatus: snapshot.Today.DayNumber - d.DayNumber, LastKnownAlive: d)
                    : new DataQualityWarning(p.StudyId));
        }
        var completeness = codes.Select((code, k) => new CompletenessBar(t.Visit(code), counts[k, 0], counts[k, 1], counts[k, 2], counts[k, 3], counts[k, 4])).ToArray();

        // The analysis runs on this thread and spreads its tables over the cores itself, running on this thread
        // whatever no other thread has picked up (a pool thread blocked waiting for a Task.Run of it, as before,
        // left it one thread fewer on a busy pool).
        StudyResult? result = null;
        DashboardProblem? problem = null;
        ArgumentException? cause = null;
        PrognosticGroups? prognosis = null;
        if (selected.Count == 0 && filter != DashboardFilter.Default) problem = DashboardProblem.NoMatch;
        else if (records.Length == 0) problem = DashboardProblem.NoRecords;
        else
        {
            try
            {
                result = StudyAnalysis.Run(records);
                prognosis = PrognosticGroups.Tertiles(result, records, t);
            }
            catch (ArgumentException ex)
            {
                problem = DashboardProblem.AnalysisFailed;
                cause = ex; // the statistics engine's reason: coded when the data cannot support the analysis, worded in each viewer's language
            }
        }
        return new DashboardView(filter, records.Length, exclusions, result, problem, cause, prognosis, selected.Count, completeness, warnings, nowUtc);
    }
}
