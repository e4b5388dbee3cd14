using System.Globalization;

namespace PvpRegistry.Core.Statistics;

/// <summary>
/// Choices of the study analysis. The defaults are the paper's plan: Kaplan-Meier survival read at
/// 6, 12 and 36 months with R's log confidence limits, Cox with Breslow ties (SPSS COXREG, which
/// the study used), forward-LR selection with SPSS's entry 0.05 / removal 0.10.
/// </summary>
public sealed record StudyAnalysisOptions
{
    /// <summary>Times (months) at which each Kaplan-Meier curve is read for Table 4.</summary>
    public IReadOnlyList<double> SurvivalTimesMonths { get; init; } = [6, 12, 36];
    /// <summary>Confidence limits of the curves and of the medians (R survfit's default, log).</summary>
    public ConfidenceType SurvivalConfidenceType { get; init; } = ConfidenceType.Log;
    /// <summary>Level of every confidence interval (curves, medians, t-test differences, hazard ratios).</summary>
    public double ConfidenceLevel { get; init; } = 0.95;
    /// <summary>Ties of the Cox models (Table 5). Breslow, as SPSS; R's default would be Efron.</summary>
    public CoxTies CoxTies { get; init; } = CoxTies.Breslow;
    /// <summary>Stepwise entry: score test p below this.</summary>
    public double StepwiseEntryP { get; init; } = 0.05;
    /// <summary>Stepwise removal: likelihood-ratio test p above this.</summary>
    public double StepwiseRemovalP { get; init; } = 0.10;
    /// <summary>
    /// The Huynh-Feldt epsilon the VAS tables show: SPSS's original (1976) formula, because the study was analysed
    /// with SPSS GLM and its published epsilons and corrected p must be reproducible; Lecoutre's corrected epsilon
    /// (R's) is shown beside it.
    /// </summary>
    public HuynhFeldtFormula HuynhFeldt { get; init; } = HuynhFeldtFormula.Spss1976;

    public static StudyAnalysisOptions Default { get; } = new();
}

/// <summary>
/// The study result: every table of the paper's plan computed from one cohort. Dashboards and the
/// PDF report read this record; they do not compute statistics themselves. A test that the data
/// cannot support (e.g. a factor with a single level, a group without pairs) is null and explained
/// in <see cref="Notes"/>.
/// </summary>
/// <param name="N">Patients in the cohort.</param>
/// <param name="MonthsPerDay">1 / 30.4375: survival months = days × this.</param>
/// <param name="Groups">Treatment groups with their n, in the order of every by-group list (pvp, pvp_i125).</param>
/// <param name="Baseline">Table 1.</param>
/// <param name="Vas">Table 2 / Fig 2.</param>
/// <param name="Kps">Table 3 / Fig 3.</param>
/// <param name="Survival">Table 4 / Fig 4: one entry per factor, in <see cref="StudyAnalysis.FactorKeys"/> order.</param>
/// <param name="Cox">Table 5.</param>
/// <param name="SpearmanKpsPreopMonths">Spearman's rho of preop KPS with survival months (patients with a preop KPS).</param>
/// <param name="Notes">Exclusions and tests that could not be computed, one each (<see cref="StudyNote"/>).</param>
public sealed record StudyResult(
    int N,
    double MonthsPerDay,
    StudyAnalysisOptions Options,
    IReadOnlyList<StudyGroupCount> Groups,
    StudyBaseline Baseline,
    StudyVas Vas,
    StudyKps Kps,
    IReadOnlyList<StudySurvivalFactor> Survival,
    StudyCox Cox,
    SpearmanResult? SpearmanKpsPreopMonths,
    IReadOnlyList<StudyNote> Notes);

/// <summary>
/// A note of the study result: an exclusion, a test not computed or a caveat of a fit. <see cref="Text"/> is the English
/// sentence (<c>pvp study</c>, its JSON); <see cref="Code"/> and <see cref="Args"/> name it for a report that words it in
/// its own language (the arguments are codes and invariant numbers, in the order of the text's placeholders).
/// </summary>
public sealed record StudyNote(string Code, IReadOnlyList<string> Args, string Text)
{
    /// <summary>Why a test was not computed (code <c>not_computed</c>), coded when the engine knows the reason in words a report can translate.</summary>
    public RegistryMessage? Reason { get; init; }

    public override string ToString() => Text;
}

/// <summary>A treatment group (study CSV code, e.g. <c>pvp_i125</c>) and its number of patients.</summary>
public sealed record StudyGroupCount(TreatmentGroup Group, string Code, int N);

/// <summary>
/// Table 1, baseline characteristics by group. t-tests are pvp minus pvp_i125 (Student and Welch);
/// cross-tabulations have the characteristic in rows and the group in columns (R's <c>table(x, group)</c>).
/// </summary>
public sealed record StudyBaseline(
    IndependentTTestResult? Age,
    StudyCrossTab Sex,
    StudyCrossTab PrimaryTumor,
    StudyCrossTab MetastaticSite,
    StudyCrossTab Segments,
    IndependentTTestResult? VasPreop,
    IndependentTTestResult? KpsPreop)
{
    /// <summary>
    /// Age mean ± SD per treatment group (in <see cref="StudyResult.Groups"/> order; null summary for a group without
    /// patients). Kept apart from the t-test, which needs both groups: a cohort filtered to one group still has its means.
    /// </summary>
    public IReadOnlyList<StudyGroupSummary> AgeByGroup { get; init; } = [];
    public IReadOnlyList<StudyGroupSummary> VasPreopByGroup { get; init; } = [];
    public IReadOnlyList<StudyGroupSummary> KpsPreopByGroup { get; init; } = [];
}

/// <summary>A characteristic by group: counts, Pearson chi-square (no continuity correction) and, for a 2x2 table, Fisher's exact test.</summary>
/// <param name="Variable">Study CSV column (segments as <c>1</c>, <c>2</c>, <c>&gt;=3</c>).</param>
public sealed record StudyCrossTab(string Variable, ContingencyTable Table, ChiSquareResult? ChiSquare, FisherExactResult? Fisher)
{
    /// <summary>
    /// Fisher-Freeman-Halton exact test (Monte Carlo for a table too large to enumerate), computed when a cell's expected
    /// count is below 5, where the chi-square approximation may be poor: what SPSS's Exact option offers. Null otherwise.
    /// </summary>
    public FisherFreemanHaltonResult? Exact { get; init; }
}

/// <summary>
/// Table 2, VAS over time: mean ± SD of the values present at every visit by group, and the
/// repeated-measures ANOVA (group × time) over <see cref="RmAnovaVisits"/> on complete cases.
/// </summary>
public sealed record StudyVas(IReadOnlyList<StudyVisitSummary> ByVisit, IReadOnlyList<VisitCode> RmAnovaVisits, RepeatedMeasuresAnovaResult? RmAnova)
{
    /// <summary>Patients left out of the repeated-measures ANOVA (a VAS missing at one of its visits) who died within 12 months of the procedure.</summary>
    public int RmAnovaExcludedDied { get; init; }

    /// <summary>Patients left out of the ANOVA who did not die within 12 months: a visit missed or not yet reached.</summary>
    public int RmAnovaExcludedOther { get; init; }

    /// <summary>
    /// Between-group Student/Welch t of VAS at each visit (pvp minus pvp_i125, values present), in
    /// <see cref="ByVisit"/> order; null where a group has fewer than two values. The markers of Fig. 2.
    /// </summary>
    public IReadOnlyList<StudyVisitTest> BetweenGroupsByVisit { get; init; } = [];
}

/// <summary>A between-group t-test at one visit (null when it cannot be computed).</summary>
public sealed record StudyVisitTest(VisitCode Visit, string Code, IndependentTTestResult? Test);

/// <summary>One visit's summary per group (null where the group has no value at that visit).</summary>
public sealed record StudyVisitSummary(VisitCode Visit, string Code, IReadOnlyList<StudyGroupSummary> Groups);

public sealed record StudyGroupSummary(string Group, SampleSummary? Summary);

/// <summary>
/// Table 3, KPS before surgery and at 1 month: paired t (1 month minus preop) within each group on
/// the patients with both, and Student/Welch t of the 1-month KPS between groups (pvp minus pvp_i125).
/// </summary>
public sealed record StudyKps(IReadOnlyList<StudyPairedByGroup> WithinGroups, IndependentTTestResult? Between1Month);

public sealed record StudyPairedByGroup(string Group, PairedTTestResult? Test);

/// <summary>
/// Table 4, Kaplan-Meier by one factor. <paramref name="Factor"/> is the key used in files
/// (<c>group</c>, <c>sex</c>, <c>age_band</c>, ...), <paramref name="Label"/> a heading for tables.
/// Levels are in the reference order (R's factor order); levels without patients are left out.
/// </summary>
/// <param name="Excluded">Patients without a value for the factor (only preop KPS can be missing).</param>
/// <param name="LogRank">Null when fewer than two levels are present or there are no events.</param>
public sealed record StudySurvivalFactor(string Factor, string Label, IReadOnlyList<StudySurvivalGroup> Groups, LogRankResult? LogRank, int Excluded)
{
    /// <summary>The groups in the clinical order every table, legend and risk table shows (1, 2, ≥3 segments; slow, moderate, rapid growth).</summary>
    public IReadOnlyList<StudySurvivalGroup> InClinicalOrder => StudyAnalysis.InClinicalOrder(Factor, Groups, g => g.Name);
}

/// <summary>One level's curve (time in months) and its survival at the option's time points.</summary>
public sealed record StudySurvivalGroup(string Name, SurvivalCurve Curve, IReadOnlyList<SurvivalPoint> AtTimes);

/// <summary>
/// How a factor enters a Cox model: covariate name (the column of files and of <c>pvp study</c>), the factor it codes,
/// the coding, and the label people read in tables and plots ("Age > 60 years"; the coding goes in a footnote).
/// </summary>
public sealed record StudyCovariate(string Name, string Factor, string Coding, string Label);

/// <summary>A patient's prognostic index PI = Σ b x from the final model (uncentred covariates).</summary>
public sealed record StudyPrognosticIndex(string StudyId, double Value);

/// <summary>
/// Table 5. <paramref name="FinalModel"/>: the paper's model (age_level, growth_level, segment_level) on
/// every patient. <paramref name="Stepwise"/>: forward-LR selection over the eight factors on the patients
/// complete for all of them (<paramref name="StepwiseExcluded"/> left out).
/// </summary>
public sealed record StudyCox(
    CoxFit? FinalModel,
    IReadOnlyList<StudyCovariate> FinalCoding,
    CoxStepwiseResult? Stepwise,
    IReadOnlyList<StudyCovariate> StepwiseCoding,
    int StepwiseExcluded,
    IReadOnlyList<StudyPrognosticIndex> PrognosticIndex)
{
    /// <summary>The label of a covariate name of either model ("age_level" -> "Age > 60 years"); the name itself if unknown.</summary>
    public string LabelOf(string name) =>
        FinalCoding.Concat(StepwiseCoding).FirstOrDefault(c => c.Name == name)?.Label ?? name;

    /// <summary>"Label: coding" of each covariate of a model, for the footnote under its table or plot.</summary>
    public string CodingFootnote(IEnumerable<string> names) =>
        string.Join("; ", names.Select(n => FinalCoding.Concat(StepwiseCoding).FirstOrDefault(c => c.Name == n)).OfType<StudyCovariate>()
            .Select(c => $"{c.Label}: {c.Coding} ({c.Name})"));
}

/// <summary>The paper's study analysis (Tables 1-5 and Spearman, as <c>pvp study</c> prints them; R reference: tests/PvpRegistry.Core.Tests/TestData/make-study-reference.R), one pure function of the cohort.</summary>
public static class StudyAnalysis
{
    /// <summary>Survival months per day (a month is 30.4375 days, as <see cref="SurvivalTime.Months"/>).</summary>
    public const double MonthsPerDay = 1 / SurvivalTime.DaysPerMonth;

    /// <summary>Age above this is the older band (<c>&gt;60</c>) and <c>age_level</c> = 1.</summary>
    public const int AgeCutoff = 60;

    /// <summary>Preop KPS below this is the <c>60-70</c> band (the study's KPS was 60 or more), at or above it <c>80-100</c>.</summary>
    public const int KpsCutoff = 80;

    /// <summary>Visits of the VAS repeated-measures ANOVA: preop to 12 months (36 months has too few patients).</summary>
    public static IReadOnlyList<VisitCode> RmAnovaVisits { get; } =
        [VisitCode.Preop, VisitCode.Day1, VisitCode.Month1, VisitCode.Month3, VisitCode.Month6, VisitCode.Month12];

    private sealed record Factor(string Key, string Label, string[] Levels, Func<StudyRecord, string?> Level);

    // The eight factors of Table 4 with their levels, in the order of the reference results (R's factor
    // levels: text sorted in R's locale, where "<=60" < ">60" and ">=3" < "1" < "2"). The results keep this
    // order (it is the order of pvp study's JSON and R's); what people read uses ClinicalLevels below.
    private static readonly Factor[] Factors =
    [
        new("group", "Treatment", ["pvp", "pvp_i125"], r => r.Group.Code()),
        new("sex", "Sex", ["female", "male"], r => r.Sex.Code()),
        new("age_band", "Age (years)", ["<=60", ">60"], r => AgeBand(r.Age)),
        new("metastatic_site", "Metastatic site", ["lumbar", "lumbosacral", "sacral"], r => r.MetastaticSite.Code()),
        new("kps_band", "Preoperative KPS", ["60-70", "80-100"], r => r.Kps[(int)VisitCode.Preop] is { } k ? KpsBand(k) : null),
        new("segment_band", "Involved segments", [">=3", "1", "2"], r => SegmentBand(r.Segments)),
        new("primary_growth", "Primary tumour growth", ["moderate", "rapid", "slow"], r => r.PrimaryGrowth.Code()),
        new("visceral_metastasis", "Visceral metastasis", ["no", "yes"], r => r.VisceralMetastasis ? "yes" : "no"),
    ];

    /// <summary>
    /// The clinical order of the levels of the ordinal factors, where R's text order is not it: the one source of the
    /// order of tables, legends, risk tables and forest plots (dashboards and report). Other factors keep R's order.
    /// </summary>
    private static readonly Dictionary<string, string[]> ClinicalLevels = new()
    {
        ["segment_band"] = ["1", "2", ">=3"],
        ["segments"] = ["1", "2", ">=3"], // Table 1's cross-tabulation of the same bands
        ["primary_growth"] = ["slow", "moderate", "rapid"],
    };

    /// <summary>Items of a factor's levels in the clinical order (levels without a clinical order keep theirs).</summary>
    public static IReadOnlyList<T> InClinicalOrder<T>(string factor, IReadOnlyList<T> items, Func<T, string> level) =>
        ClinicalLevels.TryGetValue(factor, out var order)
            ? items.Select((item, i) => (item, i)).OrderBy(x => Array.IndexOf(order, level(x.item)) is var k && k >= 0 ? k : order.Length + x.i).Select(x => x.item).ToArray()
            : items;

    /// <summary>The factor keys of Table 4 in their order.</summary>
    public static IReadOnlyList<string> FactorKeys { get; } = Factors.Select(f => f.Key).ToArray();

    public static string AgeBand(int age) => age > AgeCutoff ? ">60" : "<=60";
    public static string KpsBand(int kps) => kps < KpsCutoff ? "60-70" : "80-100";
    public static string SegmentBand(int segments) => segments >= 3 ? ">=3" : segments.ToString(CultureInfo.InvariantCulture);

    /// <summary>Runs the whole analysis. Throws <see cref="ArgumentException"/> for an empty cohort.</summary>
    public static StudyResult Run(IReadOnlyList<StudyRecord> cohort, StudyAnalysisOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(cohort);
        var opts = options ?? StudyAnalysisOptions.Default;
        if (cohort.Count == 0) throw new ArgumentException("The cohort has no patients.", nameof(cohort));
        if (opts.SurvivalTimesMonths.Any(t => !double.IsFinite(t) || t < 0))
            throw new ArgumentException("Survival time points must be finite and not negative.", nameof(options));
        var notes = new List<StudyNote>();

        int n = cohort.Count;
        var days = new double[n];
        var months = new double[n];
        var died = new bool[n];
        for (int i = 0; i < n; i++)
        {
            var s = cohort[i].Survival;
            if (s.Days < 0) throw new UnsupportedDataException(new("stats_status_before_procedure", cohort[i].StudyId), nameof(cohort));
            days[i] = s.Days;
            months[i] = s.Days / SurvivalTime.DaysPerMonth; // as R: days / 30.4375
            died[i] = s.Died;
        }

        var groups = Enum.GetValues<TreatmentGroup>()
            .Select(g => new StudyGroupCount(g, g.Code(), cohort.Count(r => r.Group == g))).ToArray();

        // The tables do not depend on each other: with two or more cores they are computed side by side
        // (the Cox selection, the Kaplan-Meier factors and the rest), each noting into its own list; the
        // notes are then joined in the order of the tables, so the result does not depend on the timing.
        StudyBaseline baseline = null!;
        StudyVas vas = null!;
        StudyKps kps = null!;
        StudySurvivalFactor[] survival = null!;
        StudyCox cox = null!;
        SpearmanResult? spearman = null;
        var tableNotes = new List<StudyNote>();
        var survivalNotes = new List<StudyNote>();
        var coxNotes = new List<StudyNote>();
        var spearmanNotes = new List<StudyNote>();
        try
        {
            Parallel.Invoke(
                () => cox = CoxTables(cohort, days, died, opts, coxNotes),
                () => survival = Factors.Select(f => SurvivalByFactor(f, cohort, days, died, opts, survivalNotes)).ToArray(),
                () =>
                {
                    baseline = Baseline(cohort, opts, tableNotes);
                    vas = Vas(cohort, opts, tableNotes);
                    kps = Kps(cohort, opts, tableNotes);
                    var x = new List<double>(n);
                    var y = new List<double>(n);
                    for (int i = 0; i < n; i++)
                        if (cohort[i].Kps[(int)VisitCode.Preop] is { } k) { x.Add(k); y.Add(months[i]); }
                    spearman = Try(() => Spearman.Correlate(x, y), new("spearman", "Spearman correlation of preop KPS with survival months"), spearmanNotes);
                });
        }
        catch (AggregateException ex) when (ex.InnerExceptions.Count > 0)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(ex.InnerExceptions[0]).Throw();
            throw;
        }
        notes.AddRange(tableNotes);
        notes.AddRange(survivalNotes);
        notes.AddRange(coxNotes);
        notes.AddRange(spearmanNotes);

        return new StudyResult(n, MonthsPerDay, opts, groups, baseline, vas, kps, survival, cox, spearman, notes);
    }

    // ---- Table 1 ---------------------------------------------------------------------------------

    private static StudyBaseline Baseline(IReadOnlyList<StudyRecord> cohort, StudyAnalysisOptions opts, List<StudyNote> notes)
    {
        var group = cohort.Select(r => (string?)r.Group.Code()).ToArray();
        return new StudyBaseline(
            ByGroupT(cohort, r => r.Age, new("t_test", "t-test of age between groups", "age"), opts, notes),
            CrossTab("sex", cohort.Select(r => (string?)r.Sex.Code()).ToArray(), group, notes),
            CrossTab("primary_tumor", cohort.Select(r => (string?)r.PrimaryTumor.Code()).ToArray(), group, notes),
            CrossTab("metastatic_site", cohort.Select(r => (string?)r.MetastaticSite.Code()).ToArray(), group, notes),
            CrossTab("segments", cohort.Select(r => (string?)SegmentBand(r.Segments)).ToArray(), group, notes),
            ByGroupT(cohort, r => (double?)r.Vas[(int)VisitCode.Preop], new("t_test", "t-test of preop VAS between groups", "vas_preop"), opts, notes),
            ByGroupT(cohort, r => r.Kps[(int)VisitCode.Preop], new("t_test", "t-test of preop KPS between groups", "kps_preop"), opts, notes))
        {
            AgeByGroup = SummariesByGroup(cohort, r => r.Age),
            VasPreopByGroup = SummariesByGroup(cohort, r => (double?)r.Vas[(int)VisitCode.Preop]),
            KpsPreopByGroup = SummariesByGroup(cohort, r => r.Kps[(int)VisitCode.Preop]),
        };
    }

    /// <summary>Mean ± SD of a measure in each treatment group (values present), null for a group without one.</summary>
    private static StudyGroupSummary[] SummariesByGroup(IReadOnlyList<StudyRecord> cohort, Func<StudyRecord, double?> value) =>
        Enum.GetValues<TreatmentGroup>().Select(g => new StudyGroupSummary(g.Code(),
            Descriptive.SummarizePresent(cohort.Where(r => r.Group == g).Select(value)))).ToArray();

    private static StudyCrossTab CrossTab(string variable, string?[] values, string?[] group, List<StudyNote> notes)
    {
        var table = ContingencyTests.CrossTabulate(values, group);
        var chi = Try(() => ContingencyTests.PearsonChiSquare(table), new("chi_square", $"chi-square of {variable} by group", variable), notes);
        if (chi?.Warning is { } w)
            notes.Add(new("chi_square_poor", [variable, Invariant(chi.CellsExpectedBelow5), Invariant(table.RowLevels.Count * table.ColumnLevels.Count)], $"{variable} by group: {w}"));
        var fisher = table.RowLevels.Count == 2 && table.ColumnLevels.Count == 2
            ? Try(() => ContingencyTests.FisherExact(table), new("fisher", $"Fisher's exact test of {variable} by group", variable), notes)
            : null;
        var exact = chi is { CellsExpectedBelow5: > 0 }
            ? Try(() => ContingencyTests.FisherFreemanHalton(table), new("fisher_freeman_halton", $"Fisher-Freeman-Halton exact test of {variable} by group", variable), notes)
            : null;
        return new StudyCrossTab(variable, table, chi, fisher) { Exact = exact };
    }

    /// <summary>Student and Welch t of a measure, pvp minus pvp_i125, on the values present.</summary>
    private static IndependentTTestResult? ByGroupT(IReadOnlyList<StudyRecord> cohort, Func<StudyRecord, double?> value,
        TestName what, StudyAnalysisOptions opts, List<StudyNote> notes)
    {
        var a = new List<double>();
        var b = new List<double>();
        foreach (var r in cohort)
            if (value(r) is { } v) (r.Group == TreatmentGroup.Pvp ? a : b).Add(v);
        return Try(() => TTests.Independent(a, b, opts.ConfidenceLevel), what, notes);
    }

    // ---- Table 2 ---------------------------------------------------------------------------------

    private static StudyVas Vas(IReadOnlyList<StudyRecord> cohort, StudyAnalysisOptions opts, List<StudyNote> notes)
    {
        // One pass: the VAS values present at each visit, per group and pvp against the rest (in cohort order).
        var groupCodes = Enum.GetValues<TreatmentGroup>();
        var visits = Enum.GetValues<VisitCode>();
        var byGroup = visits.Select(_ => groupCodes.Select(_ => new List<double>()).ToArray()).ToArray();
        var pvp = visits.Select(_ => new List<double>()).ToArray();
        var other = visits.Select(_ => new List<double>()).ToArray();
        foreach (var r in cohort)
        {
            int g = Array.IndexOf(groupCodes, r.Group);
            for (int v = 0; v < visits.Length; v++)
            {
                if (r.Vas[(int)visits[v]] is not { } value) continue;
                double x = (double)value;
                if (g >= 0) byGroup[v][g].Add(x);
                (r.Group == TreatmentGroup.Pvp ? pvp[v] : other[v]).Add(x);
            }
        }
        var byVisit = visits.Select((visit, v) => new StudyVisitSummary(visit, visit.Code(),
            groupCodes.Select((g, k) => new StudyGroupSummary(g.Code(),
                byGroup[v][k].Count == 0 ? null : Descriptive.Summarize(byGroup[v][k]))).ToArray())).ToArray();

        var labels = cohort.Select(r => (string?)r.Group.Code()).ToArray();
        var measures = cohort.Select(r => (IReadOnlyList<double?>)RmAnovaVisits.Select(v => (double?)r.Vas[(int)v]).ToArray()).ToArray();
        var anova = Try(() => RepeatedMeasuresAnova.Fit(labels, measures), new("rm_anova", "repeated-measures ANOVA of VAS"), notes);
        if (anova is not null)
        {
            if (anova.Excluded > 0)
                notes.Add(new("rm_anova_excluded", [Invariant(anova.Excluded), Invariant(cohort.Count)],
                    $"VAS repeated-measures ANOVA: {anova.Excluded} of {cohort.Count} patients excluded for an incomplete VAS series (preop to 12 months)."));
            notes.AddRange(anova.Warnings.Select(w => new StudyNote(w.Code, w.Args, $"VAS repeated-measures ANOVA: {w.Text}")));
        }
        // Per-visit tests that cannot be computed (a visit nobody has reached) are null without a note: Table 2 is the ANOVA.
        var perVisitNotes = new List<StudyNote>();
        var perVisit = visits.Select((visit, v) => new StudyVisitTest(visit, visit.Code(),
            Try(() => TTests.Independent(pvp[v], other[v], opts.ConfidenceLevel), new("t_test_visit", $"t-test of {visit.Code()} VAS between groups", visit.ToString()), perVisitNotes))).ToArray();
        // Why the incomplete series are incomplete: a death within the 12 months the series spans, or a visit missed.
        int excludedDied = 0, excludedOther = 0;
        for (int i = 0; i < cohort.Count; i++)
        {
            if (measures[i].All(v => v is not null)) continue;
            if (cohort[i].Dead && cohort[i].Survival.Days < 12 * SurvivalTime.DaysPerMonth) excludedDied++;
            else excludedOther++;
        }
        return new StudyVas(byVisit, RmAnovaVisits, anova)
        {
            BetweenGroupsByVisit = perVisit, RmAnovaExcludedDied = excludedDied, RmAnovaExcludedOther = excludedOther,
        };
    }

    // ---- Table 3 ---------------------------------------------------------------------------------

    private static StudyKps Kps(IReadOnlyList<StudyRecord> cohort, StudyAnalysisOptions opts, List<StudyNote> notes)
    {
        var within = Enum.GetValues<TreatmentGroup>().Select(g =>
        {
            var after = new List<double>();
            var before = new List<double>();
            foreach (var r in cohort)
                if (r.Group == g && r.Kps[(int)VisitCode.Month1] is { } m1 && r.Kps[(int)VisitCode.Preop] is { } pre)
                {
                    after.Add(m1);
                    before.Add(pre);
                }
            return new StudyPairedByGroup(g.Code(),
                Try(() => TTests.Paired(after, before, opts.ConfidenceLevel), new("paired_kps", $"paired t-test of KPS (1 month vs preop) in {g.Code()}", g.Code()), notes));
        }).ToArray();
        var between = ByGroupT(cohort, r => r.Kps[(int)VisitCode.Month1], new("t_test", "t-test of 1-month KPS between groups", "kps_1m"), opts, notes);
        return new StudyKps(within, between);
    }

    // ---- Table 4 ---------------------------------------------------------------------------------

    /// <summary>
    /// Curves and log-rank test of one factor from one set of survival tables, built from whole days by the
    /// counting sort and read in months (each time exactly days / 30.4375, as in the curves of months).
    /// </summary>
    private static StudySurvivalFactor SurvivalByFactor(Factor factor, IReadOnlyList<StudyRecord> cohort, double[] days, bool[] died,
        StudyAnalysisOptions opts, List<StudyNote> notes)
    {
        int n = cohort.Count;
        var code = new int[n];
        var counts = new int[factor.Levels.Length];
        int kept = 0;
        for (int i = 0; i < n; i++)
        {
            var level = factor.Level(cohort[i]);
            int c = level is null ? -1 : Array.IndexOf(factor.Levels, level);
            if (level is not null && c < 0) throw new InvalidOperationException($"Factor {factor.Key}: unexpected level '{level}'.");
            code[i] = c;
            if (c >= 0) { counts[c]++; kept++; }
        }
        // Levels present, in the factor's order; codes renumbered over them.
        var present = Enumerable.Range(0, counts.Length).Where(c => counts[c] > 0).ToArray();
        var renumber = new int[counts.Length];
        for (int k = 0; k < present.Length; k++) renumber[present[k]] = k;
        var t = new double[kept];
        var d = new bool[kept];
        var codes = new int[kept];
        for (int i = 0, j = 0; i < n; i++)
        {
            if (code[i] < 0) continue;
            t[j] = days[i]; d[j] = died[i]; codes[j] = renumber[code[i]]; j++;
        }
        int excluded = n - kept;
        if (excluded > 0) notes.Add(new("survival_excluded", [factor.Key, Invariant(excluded)], $"Survival by {factor.Key}: {excluded} patients without a value excluded."));

        var names = present.Select(c => factor.Levels[c]).ToArray();
        var tables = SurvivalTable.Build(t, d, codes, names.Length, SurvivalTime.DaysPerMonth);
        var curves = KaplanMeier.FromTables(tables, names, opts.SurvivalConfidenceType, opts.ConfidenceLevel);
        var groups = curves.Select(c => new StudySurvivalGroup(c.Name, c, opts.SurvivalTimesMonths.Select(c.At).ToArray())).ToArray();
        LogRankResult? logRank = null;
        if (present.Length < 2) notes.Add(new("log_rank_one_level", [factor.Key], $"Log-rank test by {factor.Key}: only one level is present."));
        else if (Array.IndexOf(d, true) < 0) notes.Add(new("log_rank_no_deaths", [factor.Key], $"Log-rank test by {factor.Key}: there are no deaths."));
        else logRank = Try(() => LogRank.FromTables(tables, kept, names), new("log_rank", $"log-rank test by {factor.Key}", factor.Key), notes);
        return new StudySurvivalFactor(factor.Key, factor.Label, groups, logRank, excluded);
    }

    // ---- Table 5 ---------------------------------------------------------------------------------

    /// <summary>
    /// The covariates of the Cox models. Ordinal factors enter as scores, as in the paper's final model
    /// (growth 1/2/3, segments 1/2/>=3 as 1/2/3); two-level factors as 0/1 with the first level of
    /// Table 4 as reference; metastatic site as two indicators against lumbar, each a separate candidate
    /// in the selection (not entered as a block).
    /// </summary>
    private static readonly (StudyCovariate Covariate, Func<StudyRecord, double?> Value)[] CoxCovariates =
    [
        (new("group_pvp_i125", "group", "1 = pvp_i125, 0 = pvp", "PVP + 125I"), r => r.Group == TreatmentGroup.PvpI125 ? 1 : 0),
        (new("sex_male", "sex", "1 = male, 0 = female", "Male sex"), r => r.Sex == Sex.Male ? 1 : 0),
        (new("age_level", "age_band", "1 = age > 60, 0 = age <= 60", "Age > 60 years"), r => r.Age > AgeCutoff ? 1 : 0),
        (new("site_lumbosacral", "metastatic_site", "1 = lumbosacral, 0 = otherwise (reference lumbar)", "Lumbosacral site"), r => r.MetastaticSite == MetastaticSite.Lumbosacral ? 1 : 0),
        (new("site_sacral", "metastatic_site", "1 = sacral, 0 = otherwise (reference lumbar)", "Sacral site"), r => r.MetastaticSite == MetastaticSite.Sacral ? 1 : 0),
        (new("kps_level", "kps_band", "1 = preop KPS >= 80, 0 = below 80", "Preop KPS ≥ 80"), r => r.Kps[(int)VisitCode.Preop] is { } k ? (k >= KpsCutoff ? 1 : 0) : null),
        (new("segment_level", "segment_band", "1, 2, 3 = 1, 2, >=3 involved segments", "Involved segments"), r => Math.Min(r.Segments, 3)),
        (new("growth_level", "primary_growth", "1 = slow, 2 = moderate, 3 = rapid", "Primary tumour growth"), r => GrowthLevel(r.PrimaryGrowth)),
        (new("visceral_metastasis", "visceral_metastasis", "1 = yes, 0 = no", "Visceral metastasis"), r => r.VisceralMetastasis ? 1 : 0),
    ];

    /// <summary>The paper's final model, in its order.</summary>
    private static readonly string[] FinalModelCovariates = ["age_level", "growth_level", "segment_level"];

    private static double GrowthLevel(PrimaryGrowth g) => g switch
    {
        PrimaryGrowth.Slow => 1,
        PrimaryGrowth.Moderate => 2,
        PrimaryGrowth.Rapid => 3,
        _ => throw new ArgumentOutOfRangeException(nameof(g)),
    };

    private static StudyCox CoxTables(IReadOnlyList<StudyRecord> cohort, double[] days, bool[] died, StudyAnalysisOptions opts, List<StudyNote> notes)
    {
        // Cox fits use days: the partial likelihood depends only on the order of the times, so the
        // estimates are those in months, and whole days allow the counting sort.
        int n = cohort.Count;
        var coxOptions = CoxOptions.Default with { ConfidenceLevel = opts.ConfidenceLevel };

        var finalCoding = FinalModelCovariates.Select(name => CoxCovariates.Single(c => c.Covariate.Name == name)).ToArray();
        var finalColumns = finalCoding.Select(c => cohort.Select(r => c.Value(r)!.Value).ToArray()).ToArray();
        var finalNames = finalCoding.Select(c => c.Covariate.Name).ToArray();
        var final = Try(() => Cox.Fit(days, died, finalColumns, finalNames, opts.CoxTies, coxOptions), new("cox_final", "Cox final model"), notes);
        if (final is not null) notes.AddRange(final.Warnings.Select(w => new StudyNote(w.Code, w.Args, $"Cox final model: {w.Text}")));
        StudyPrognosticIndex[] pi = final is null ? [] : Cox.PrognosticIndex(final, finalColumns)
            .Select((v, i) => new StudyPrognosticIndex(cohort[i].StudyId, v)).ToArray();

        // Stepwise on the patients complete for every covariate (SPSS drops a case missing any listed covariate).
        var complete = Enumerable.Range(0, n).Where(i => CoxCovariates.All(c => c.Value(cohort[i]) is not null)).ToArray();
        int excluded = n - complete.Length;
        if (excluded > 0) notes.Add(new("cox_stepwise_excluded", [Invariant(excluded)], $"Cox stepwise selection: {excluded} patients without a preop KPS excluded."));
        var stepTime = complete.Select(i => days[i]).ToArray();
        var stepDied = complete.Select(i => died[i]).ToArray();
        var candidates = new List<(StudyCovariate Covariate, double[] Column)>();
        foreach (var (covariate, value) in CoxCovariates)
        {
            var column = complete.Select(i => value(cohort[i])!.Value).ToArray();
            if (column.Length > 0 && column.Any(v => v != column[0])) candidates.Add((covariate, column));
            else notes.Add(new("cox_stepwise_constant", [covariate.Name], $"Cox stepwise selection: {covariate.Name} does not vary and cannot enter."));
        }
        CoxStepwiseResult? stepwise = null;
        if (candidates.Count > 0)
            stepwise = Try(() => Cox.Stepwise(stepTime, stepDied, candidates.Select(c => c.Column).ToArray(),
                candidates.Select(c => c.Covariate.Name).ToArray(), CoxSelection.ForwardLikelihoodRatio, opts.CoxTies,
                opts.StepwiseEntryP, opts.StepwiseRemovalP, coxOptions), new("cox_stepwise", "Cox stepwise selection"), notes);
        return new StudyCox(final, finalCoding.Select(c => c.Covariate).ToArray(), stepwise,
            candidates.Select(c => c.Covariate).ToArray(), excluded, pi);
    }

    /// <summary>A test the data cannot support becomes null with a note instead of failing the whole analysis.</summary>
    /// <summary>A test a note names: its code and argument (a variable, a factor, a visit) and its English words.</summary>
    private sealed record TestName(string Code, string Text, string? Arg = null);

    private static string Invariant(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static T? Try<T>(Func<T> compute, TestName what, List<StudyNote> notes) where T : class
    {
        try
        {
            return compute();
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException or CoxModelException)
        {
            // The reason in words: an ArgumentException's Message ends with " (Parameter 'name')", code talk for a reader.
            var reason = ex is ArgumentException { ParamName: { } name } ? ex.Message.Replace($" (Parameter '{name}')", "", StringComparison.Ordinal) : ex.Message;
            var words = what.Text;
            // Code "not_computed": the test's code and its argument, and the engine's reason, coded when it is one the data
            // cannot support (a report in another language words it as specifically as the English).
            notes.Add(new("not_computed", what.Arg is null ? [what.Code] : [what.Code, what.Arg], $"{char.ToUpperInvariant(words[0])}{words[1..]} not computed: {reason}")
            {
                Reason = (ex as ICodedException)?.Coded,
            });
            return null;
        }
    }
}
