using System.Globalization;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Reports;

/// <summary>
/// The one formatter of the presentation rules, shared by every screen and the PDF reports so all
/// print the same text: dates <c>YYYY-MM-DD</c>, labels for codes (groups, visits, tumours, statuses),
/// p-values with 3 decimals and <c>&lt;0.001</c>, survival as percentages with one decimal, CIs in
/// brackets <c>(48.2-77.9)</c>, <c>NR</c> for a median not reached and <c>-</c> for a value or a CI
/// limit that does not exist. (The web project calls it <c>Format</c>.)
/// </summary>
public static class Formats
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What a missing value or a CI limit that does not exist prints as (explained in a footnote).</summary>
    public const string Missing = "-";

    /// <summary>A median that is not reached.</summary>
    public const string NotReached = "NR";

    public const string NotReachedFootnote = "NR: not reached (the survival curve, or its confidence limit, does not fall to 50% within the follow-up); -: the limit does not exist.";

    /// <summary>Which Huynh-Feldt epsilon a table shows, named in its footnote.</summary>
    public static string HuynhFeldtName(HuynhFeldtFormula formula) =>
        formula == HuynhFeldtFormula.Spss1976 ? "Huynh & Feldt 1976, as SPSS" : "Lecoutre 1991, as R";

    /// <summary>The Huynh-Feldt formula a table does not use, given beside the one it does.</summary>
    public static HuynhFeldtFormula OtherHuynhFeldt(HuynhFeldtFormula formula) =>
        formula == HuynhFeldtFormula.Spss1976 ? HuynhFeldtFormula.Lecoutre1991 : HuynhFeldtFormula.Spss1976;

    /// <summary><c>&lt;0.001</c>, else 3 decimals (never <c>0.000</c>); <c>-</c> when null or not a number.</summary>
    public static string P(double? p)
    {
        if (p is not { } v || double.IsNaN(v)) return Missing;
        if (v < 0.001) return "<0.001";
        return Math.Round(v, 3, MidpointRounding.AwayFromZero).ToString("0.000", Inv);
    }

    /// <summary><c>p = 0.023</c> or <c>p &lt; 0.001</c>, for a figure's corner.</summary>
    public static string PLabel(double? p)
    {
        var text = P(p);
        return text.StartsWith('<') ? $"p < {text[1..]}" : $"p = {text}";
    }

    /// <summary>A fixed number of decimals (invariant culture); <c>-</c> when null or not finite.</summary>
    public static string Number(double? value, int decimals)
    {
        if (value is not { } v || !double.IsFinite(v)) return Missing;
        return v.ToString("F" + decimals.ToString(Inv), Inv);
    }

    /// <summary>A proportion as a percentage with one decimal: 0.6134 -> <c>61.3%</c>.</summary>
    public static string Percent(double? proportion) =>
        proportion is { } p && double.IsFinite(p) ? (p * 100).ToString("0.0", Inv) + "%" : Missing;

    /// <summary>A percentage number without the sign (for CI limits): 0.482 -> <c>48.2</c>.</summary>
    public static string PercentNumber(double? proportion) =>
        proportion is { } p && double.IsFinite(p) ? (p * 100).ToString("0.0", Inv) : Missing;

    /// <summary>A confidence interval <c>(48.2-77.9)</c>; a missing limit is <c>-</c>, spaced so the range stays readable: <c>(12.1 - -)</c>.</summary>
    public static string Ci(string lower, string upper) =>
        lower == Missing || upper == Missing || lower.StartsWith('-') || upper.StartsWith('-')
            ? $"({lower} - {upper})"
            : $"({lower}-{upper})";

    /// <summary>A CI of numbers with the given decimals.</summary>
    public static string Ci(double? lower, double? upper, int decimals) => Ci(Number(lower, decimals), Number(upper, decimals));

    /// <summary>Survival at a time: <c>61.3% (48.2-77.9)</c>.</summary>
    public static string Survival(SurvivalPoint? point) =>
        point is null ? Missing : $"{Percent(point.Survival)} {Ci(PercentNumber(point.Lower), PercentNumber(point.Upper))}";

    /// <summary>Months with one decimal; <c>-</c> when null.</summary>
    public static string Months(double? months) => Number(months, 1);

    /// <summary>A median survival in months: one decimal, <c>NR</c> when not reached.</summary>
    public static string Median(double? months) => months is null ? NotReached : Number(months, 1);

    /// <summary>
    /// The CI of a median survival: <c>(10.1-20.3)</c>; a limit curve that never falls to 0.5 is not reached, <c>(14.7-NR)</c>
    /// (a median limit is never a value that does not exist: it is read from a limit curve like the median from the curve).
    /// </summary>
    public static string MedianCi(SurvivalCurve curve) => Ci(Median(curve.MedianLower), Median(curve.MedianUpper));

    /// <summary>Whether a curve's median or one of its CI limits prints as <c>NR</c> (the footnote is then due).</summary>
    public static bool HasNotReached(SurvivalCurve curve) => curve.Median is null || curve.MedianLower is null || curve.MedianUpper is null;

    /// <summary>A median with its CI: <c>14.2 (10.1-20.3)</c>, <c>20.9 (14.7-NR)</c>.</summary>
    public static string MedianWithCi(SurvivalCurve curve) => $"{Median(curve.Median)} {MedianCi(curve)}";

    /// <summary>Mean ± SD with the measure's precision plus one: VAS (one decimal) -> 2 decimals, KPS (integer) -> 1.</summary>
    public static string MeanSd(SampleSummary? s, int decimals) =>
        s is null ? Missing : s.Sd is { } sd ? $"{Number(s.Mean, decimals)} ± {Number(sd, decimals)}" : Number(s.Mean, decimals);

    public const int VasDecimals = 2;
    public const int KpsDecimals = 1;

    /// <summary>Cox B, SE, Wald, Exp(B) and its CI: 3 decimals (the study's Table 5).</summary>
    public static string Cox(double? value) => Number(value, 3);

    /// <summary>What a Cox coefficient that is not estimable shows in place of its estimate (explained by <see cref="CoxNotEstimableFootnote"/>).</summary>
    public const string NotEstimable = "not estimable";

    /// <summary>
    /// A Cox coefficient's cells as Table 5 prints them: B, SE, Wald, p, Exp(B), CI of Exp(B). A coefficient drifting to
    /// infinity (monotone likelihood) or not estimated (collinear, or constant on the cohort) shows <see cref="NotEstimable"/>
    /// for B and Exp(B) and <see cref="Missing"/> for the rest: its numbers are not estimates.
    /// </summary>
    public static string[] CoxCells(CoxCoefficient c) => c.Estimable
        ? [Cox(c.B), Cox(c.SE), Cox(c.Wald), P(c.P), Cox(c.HazardRatio), Ci(c.HazardRatioLower, c.HazardRatioUpper, 3)]
        : [NotEstimable, Missing, Missing, Missing, NotEstimable, Missing];

    /// <summary>The footnote for the coefficients of a model that are not estimable; null when all are.</summary>
    public static string? CoxNotEstimableFootnote(CoxFit fit, Func<string, string>? label = null)
    {
        string Names(IEnumerable<CoxCoefficient> cs) => string.Join(", ", cs.Select(c => label?.Invoke(c.Name) ?? c.Name));
        var infinite = fit.Coefficients.Where(c => c.MayBeInfinite).ToArray();
        var singular = fit.Coefficients.Where(c => c.Singular).ToArray();
        var notes = new List<string>();
        if (infinite.Length > 0)
            notes.Add($"Not estimable: {Names(infinite)}. The likelihood keeps rising as the coefficient goes to infinity (monotone likelihood, e.g. no deaths " +
                      "in one level on this cohort); R warns that the coefficient may be infinite. Its B, SE and hazard ratio are not estimates.");
        if (singular.Length > 0)
            notes.Add($"Not estimated: {Names(singular)}, collinear with the covariates before it or constant on this cohort.");
        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    /// <summary>
    /// Who the VAS repeated-measures ANOVA leaves out and why: "22 of 62 excluded for an incomplete VAS series (preop to
    /// 12 months): 18 died within 12 months, 4 missed a visit or have not reached 12 months."
    /// </summary>
    public static string RmAnovaExclusion(StudyVas vas, int cohortN)
    {
        if (vas.RmAnova is not { } a) return "";
        if (a.Excluded == 0) return $"All {cohortN} patients have a complete VAS series (preop to 12 months).";
        var why = new List<string>();
        if (vas.RmAnovaExcludedDied > 0) why.Add($"{vas.RmAnovaExcludedDied} died within 12 months");
        if (vas.RmAnovaExcludedOther > 0) why.Add($"{vas.RmAnovaExcludedOther} missed a visit or have not reached 12 months");
        return $"{a.Excluded} of {cohortN} excluded for an incomplete VAS series (preop to 12 months): {string.Join(", ", why)}.";
    }

    /// <summary>The Fisher-Freeman-Halton p as a table cell: <c>exact p = 0.472</c>, or <c>Monte Carlo p = 0.470</c> when estimated.</summary>
    public static string ExactP(FisherFreemanHaltonResult exact) =>
        $"{(exact.IsExact ? "exact" : "Monte Carlo")} p = {P(exact.P)}";

    public const string ExactTestFootnote =
        "Exact: Fisher-Freeman-Halton test (SPSS's Exact option), given where a cell's expected count is below 5 and the chi-square " +
        "approximation may be poor; estimated from 2,000 random tables with the same margins (Monte Carlo) when there are too many tables to enumerate.";

    /// <summary>Which Cox model is which, and why (Table 5 and the prognosis panel say the same).</summary>
    public const string CoxFinalModelExplanation =
        "Final model: the study's pre-specified model. Its covariates (age > 60 years, primary tumour growth, involved segments) were fixed " +
        "by the analysis plan before the data were seen and are kept whatever their p on this cohort; the prognostic index and its risk groups use this model.";

    public const string CoxStepwiseExplanation =
        "Stepwise model: a data-driven forward selection over all eight factors, shown to check the final model. It may pick other factors " +
        "(selection on the same data overstates their effect) and is not used for the prognostic index.";

    /// <summary>A test statistic (t, F, chi-square) with 3 decimals.</summary>
    public static string Statistic(double? value) => Number(value, 3);

    /// <summary>Degrees of freedom: whole numbers as integers, fractional (Welch, GG) with 2 decimals.</summary>
    public static string Df(double df) =>
        Math.Abs(df - Math.Round(df)) < 1e-9 ? Math.Round(df).ToString("0", Inv) : df.ToString("0.00", Inv);

    /// <summary>The display name of a treatment group code (<c>pvp</c> -> PVP, <c>pvp_i125</c> -> PVP + 125I).</summary>
    public static string Group(string code) => code switch
    {
        "pvp" => "PVP",
        "pvp_i125" => "PVP + 125I",
        _ => code,
    };

    public static string Group(TreatmentGroup group) => Group(group.Code());

    /// <summary>The display label of a level of a Table 4 factor (keys of <see cref="StudyAnalysis.FactorKeys"/>).</summary>
    public static string FactorLevel(string factor, string level) => factor switch
    {
        "group" => Group(level),
        "age_band" => level switch { "<=60" => "≤60 years", ">60" => ">60 years", _ => level },
        "kps_band" => $"KPS {level}",
        "segment_band" => level switch { "1" => "1 segment", ">=3" => "≥3 segments", _ => $"{level} segments" },
        "visceral_metastasis" => level == "yes" ? "Visceral metastasis" : "No visceral metastasis",
        "primary_growth" => Capitalise(level) + " growth",
        _ => Capitalise(level),
    };

    /// <summary>A level of a Table 1 cross-tabulation: segment bands as Table 4 names them, other codes capitalised.</summary>
    public static string BaselineLevel(string variable, string level) =>
        variable == "segments" ? FactorLevel("segment_band", level) : Capitalise(level);

    /// <summary>A study CSV code as a label: <c>lumbosacral</c> -> Lumbosacral, <c>duodenal_papillary</c> -> Duodenal papillary.</summary>
    public static string Capitalise(string code) =>
        code.Length == 0 ? code : char.ToUpperInvariant(code[0]) + code[1..].Replace('_', ' ');

    /// <summary>
    /// The label of a visit, as the follow-up schedule names it (Before surgery, Day 1, 1 month ... 36 months): the
    /// same in the worklist, the tables and on the ordinal axis of the figures.
    /// </summary>
    public static string Visit(VisitCode visit) => FollowUpSchedule.Default[visit].Label;

    public static string Tumor(PrimaryTumor tumor) => Capitalise(tumor.Code());

    public static string Status(VisitStatus status) => Capitalise(status.Code());

    /// <summary>Why a visit was not done, in words ("too ill", "lost to follow-up").</summary>
    public static string Missed(MissedReason reason) => reason switch
    {
        MissedReason.TooIll => "too ill",
        MissedReason.Unreachable => "unreachable",
        MissedReason.Refused => "refused",
        MissedReason.Died => "died",
        MissedReason.Withdrew => "withdrew",
        MissedReason.Lost => "lost to follow-up",
        MissedReason.WindowPassed => "window passed",
        _ => "other",
    };

    public static string Vital(VitalStatus status) => status switch
    {
        VitalStatus.LostToFollowUp => "Lost to follow-up",
        _ => status.ToString(),
    };

    /// <summary>How dates are shown and typed everywhere.</summary>
    public const string DateFormat = "yyyy-MM-dd";

    /// <summary>A date as <c>YYYY-MM-DD</c>; <c>-</c> when null.</summary>
    public static string Date(DateOnly? date) => date?.ToString(DateFormat, Inv) ?? Missing;

    /// <summary>The one reading of a typed date: YYYY-MM-DD in the invariant culture, surrounding spaces ignored; anything else is no date.</summary>
    public static bool TryParseDate(string? text, out DateOnly date)
    {
        date = default;
        return !string.IsNullOrWhiteSpace(text)
               && DateOnly.TryParseExact(text.Trim(), DateFormat, Inv, System.Globalization.DateTimeStyles.None, out date);
    }

    /// <summary>A stored UTC instant in the registry's time zone, as <c>YYYY-MM-DD HH:mm</c>; <c>-</c> when null.</summary>
    public static string LocalTime(DateTime? utc, TimeZoneInfo zone) =>
        utc is { } t ? RegistryTime.LocalOf(t, zone).ToString("yyyy-MM-dd HH:mm", Inv) : Missing;

    /// <summary>A VAS score as entered, with one decimal; <c>-</c> when null.</summary>
    public static string Vas(decimal? vas) => vas?.ToString("0.0", Inv) ?? Missing;

    /// <summary>A cement volume in mL with up to two decimals (<c>4.6 mL</c>).</summary>
    public static string Cement(decimal ml) => $"{ml.ToString("0.0#", Inv)} mL";

    /// <summary>
    /// The treated levels with the cement at each and the total (<c>L2 2.3 mL, L3 2.3 mL; cement 4.6 mL in all</c>), or
    /// <c>no treated level recorded; cement 4.6 mL</c>: never a list that starts with a separator.
    /// </summary>
    public static string TreatedLevels(IReadOnlyList<TreatedLevel> levels, decimal totalCementMl)
    {
        if (levels.Count == 0) return $"no treated level recorded; cement {Cement(totalCementMl)}";
        var each = levels.OrderBy(l => l.Level).Select(l => l.CementMl is { } ml ? $"{l.Level} {Cement(ml)}" : $"{l.Level} (cement not recorded)");
        return $"{string.Join(", ", each)}; cement {Cement(totalCementMl)} in all";
    }

    /// <summary>A count with its denominator as a percentage: <c>12 (19.4%)</c>.</summary>
    public static string CountPercent(int count, int total) =>
        total == 0 ? count.ToString(Inv) : $"{count.ToString(Inv)} ({Percent((double)count / total)})";
}
