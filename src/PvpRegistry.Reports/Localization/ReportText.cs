using System.Globalization;
using System.Resources;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;

namespace PvpRegistry.Reports.Localization;

/// <summary>
/// The language a PDF report is written in, and its texts: the marker of <c>ReportText.resx</c> (English) and
/// <c>ReportText.zh-CN.resx</c> (Chinese, in the terms of docs/glossary.zh-CN.md). Numbers, dates and p-values keep the
/// one format of <see cref="Formats"/> in both languages (decimal point, <c>YYYY-MM-DD</c>); only words change.
/// </summary>
public sealed class ReportText
{
    private static readonly ResourceManager EnglishResources = new(typeof(ReportText));

    public static ReportText English { get; } = new("en", null);
    public static ReportText Chinese { get; } = new("zh-CN", new ResourceManager($"{typeof(ReportText).FullName}.zh-CN", typeof(ReportText).Assembly));

    /// <summary>The languages a report can be written in, by their code (<c>pvp report --lang</c>).</summary>
    public static IReadOnlyList<ReportText> All { get; } = [English, Chinese];

    /// <summary><c>en</c> or <c>zh-CN</c>.</summary>
    public string Language { get; }

    public bool IsChinese => this == Chinese;

    /// <summary>This language's own resources (null for English, the neutral ones).</summary>
    private readonly ResourceManager? _resources;

    private ReportText(string language, ResourceManager? resources)
    {
        Language = language;
        _resources = resources;
    }

    /// <summary>The report language of a user's UI culture: Chinese for any <c>zh</c> culture, else English.</summary>
    public static ReportText For(CultureInfo culture) => ForCulture(culture.Name);

    /// <summary>The report language of a culture name (<c>zh-CN</c>, <c>zh-Hans</c>, <c>en-US</c>): Chinese for any <c>zh</c>, else English.</summary>
    public static ReportText ForCulture(string name) =>
        name.Equals("zh", StringComparison.OrdinalIgnoreCase) || name.StartsWith("zh-", StringComparison.OrdinalIgnoreCase) ? Chinese : English;

    /// <summary>The language of a code (<c>en</c>, <c>zh-CN</c>, case ignored); null for any other.</summary>
    public static ReportText? ForCode(string code) =>
        All.FirstOrDefault(t => string.Equals(t.Language, code, StringComparison.OrdinalIgnoreCase));

    /// <summary>The text of a key in this language (English where the Chinese file lacks it).</summary>
    public string this[string key] =>
        Find(key) ?? throw new KeyNotFoundException($"The report text '{key}' is not in ReportText.resx.");

    /// <summary>The keys and texts of this language's own resource file (for the completeness and glyph tests).</summary>
    public IReadOnlyDictionary<string, string> Texts()
    {
        var set = (_resources ?? EnglishResources).GetResourceSet(CultureInfo.InvariantCulture, createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException($"The {Language} report texts are not embedded.");
        return set.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    private string? Find(string key) =>
        _resources?.GetString(key, CultureInfo.InvariantCulture) ?? EnglishResources.GetString(key, CultureInfo.InvariantCulture);

    /// <summary>A text with its placeholders filled in the invariant culture (numbers are formatted by <see cref="Formats"/> first).</summary>
    public string Format(string key, params object?[] args) => string.Format(CultureInfo.InvariantCulture, this[key], args);

    /// <summary>Joins the items of a list in a sentence: ", " in English, "，" in Chinese.</summary>
    public string List(IEnumerable<string> items) => string.Join(this["ListSeparator"], items);

    // ---- Labels of codes (Formats' English labels, in this language) ----------------------------------------------

    public string Group(string code) => Label("Group", code);
    public string Group(TreatmentGroup group) => Group(group.Code());

    public string Visit(VisitCode visit) => this[$"Visit_{visit}"];

    /// <summary>A Table 4 factor's heading ("Preoperative KPS") by its key.</summary>
    public string Factor(string factor) => Label("Factor", factor);

    /// <summary>A level of a Table 4 factor, as <see cref="Formats.FactorLevel"/> in this language.</summary>
    public string FactorLevel(string factor, string level) => factor switch
    {
        "group" => Group(level),
        "kps_band" => $"KPS {level}",
        "segment_band" => level switch { "1" => this["Segments_One"], ">=3" => this["Segments_ThreeOrMore"], _ => Format("Segments_N", level) },
        _ => Label($"Level_{factor}", level),
    };

    /// <summary>A level of a Table 1 cross-tabulation.</summary>
    public string BaselineLevel(string variable, string level) => variable switch
    {
        "segments" => FactorLevel("segment_band", level),
        "sex" => FactorLevel("sex", level),
        "metastatic_site" => FactorLevel("metastatic_site", level),
        _ => Label($"Level_{variable}", level),
    };

    /// <summary>A Table 1 variable in a footnote ("primary tumor" -> "Primary tumour").</summary>
    public string Variable(string variable) => Label("Variable", variable);

    public string Covariate(string name) => Label("Covariate", name);

    /// <summary>"Label: coding (name)" of each covariate, as <see cref="StudyCox.CodingFootnote"/> in this language.</summary>
    public string CodingFootnote(IEnumerable<string> names) =>
        string.Join(this["CodingSeparator"], names.Select(n => $"{Covariate(n)}{this["Colon"]}{Label("Coding", n)} ({n})"));

    public string Tumor(PrimaryTumor tumor) => Label("Level_primary_tumor", tumor.Code());
    public string Site(MetastaticSite site) => FactorLevel("metastatic_site", site.Code());
    public string Sex(Sex sex) => FactorLevel("sex", sex.Code());
    public string Growth(PrimaryGrowth growth) => Label("Growth", growth.Code());
    public string Status(VisitStatus status) => this[$"Status_{status}"];
    public string Missed(MissedReason reason) => this[$"Missed_{reason}"];

    // ---- Numbers whose words change (the numbers themselves come from Formats) ----------------------------------------

    /// <summary><see cref="Formats.PLabel"/> as journals print it in this language: <c>p = 0.023</c>, in Chinese <c>P = 0.023</c>.</summary>
    public string PLabel(double? p) => IsChinese ? "P" + Formats.PLabel(p)[1..] : Formats.PLabel(p);

    /// <summary><see cref="Formats.ExactP"/> in this language.</summary>
    public string ExactP(FisherFreemanHaltonResult exact) =>
        Format(exact.IsExact ? "ExactP" : "MonteCarloP", Formats.P(exact.P));

    /// <summary><see cref="Formats.CoxCells"/> with "not estimable" in this language.</summary>
    public string[] CoxCells(CoxCoefficient c) =>
        Formats.CoxCells(c).Select(cell => cell == Formats.NotEstimable ? this["NotEstimable"] : cell).ToArray();

    public string HuynhFeldtName(HuynhFeldtFormula formula) =>
        this[formula == HuynhFeldtFormula.Spss1976 ? "HuynhFeldt_Spss1976" : "HuynhFeldt_Lecoutre1991"];

    /// <summary><see cref="Formats.CoxNotEstimableFootnote"/> in this language.</summary>
    public string? CoxNotEstimableFootnote(CoxFit fit)
    {
        string Names(IEnumerable<CoxCoefficient> cs) => List(cs.Select(c => Covariate(c.Name)));
        var infinite = fit.Coefficients.Where(c => c.MayBeInfinite).ToArray();
        var singular = fit.Coefficients.Where(c => c.Singular).ToArray();
        var notes = new List<string>();
        if (infinite.Length > 0) notes.Add(Format("Cox_NotEstimable", Names(infinite)));
        if (singular.Length > 0) notes.Add(Format("Cox_NotEstimated", Names(singular)));
        return notes.Count == 0 ? null : string.Join(" ", notes);
    }

    /// <summary><see cref="Formats.RmAnovaExclusion"/> in this language.</summary>
    public string RmAnovaExclusion(StudyVas vas, int cohortN)
    {
        if (vas.RmAnova is not { } a) return "";
        if (a.Excluded == 0) return Format("RmAnova_AllComplete", cohortN);
        var why = new List<string>();
        if (vas.RmAnovaExcludedDied > 0) why.Add(Format("RmAnova_Died", vas.RmAnovaExcludedDied));
        if (vas.RmAnovaExcludedOther > 0) why.Add(Format("RmAnova_Other", vas.RmAnovaExcludedOther));
        return Format("RmAnova_Excluded", a.Excluded, cohortN, List(why));
    }

    /// <summary>
    /// A note of the study result (an exclusion, a test not computed, a caveat of a fit) in this language: the engine's
    /// own sentence in English; in another language the text of its code (<c>Note_{code}</c>) with its arguments named
    /// in this language. A test the engine could not compute keeps its reason in English only (<c>pvp study</c> prints it).
    /// </summary>
    public string Note(StudyNote note)
    {
        if (!IsChinese) return note.Text;
        var a = note.Args;
        if (note is { Code: "not_computed", Reason: { } reason })
            return Format("Note_not_computed_reason", TestName(a[0], a.Count > 1 ? a[1] : ""), Reason(reason));
        string Arg(int i) => i < a.Count ? a[i] : "";
        string Covariates(string names) => List(names.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Covariate));
        object[] args = note.Code switch
        {
            "not_computed" => [TestName(Arg(0), Arg(1))],
            "chi_square_poor" => [Variable(Arg(0)), Arg(1), Arg(2)],
            "survival_excluded" => [Factor(Arg(0)), Arg(1)],
            "log_rank_one_level" or "log_rank_no_deaths" => [Factor(Arg(0))],
            "cox_infinite" or "cox_may_be_infinite" or "cox_singular" => [Covariates(Arg(0))],
            "cox_stepwise_constant" => [Covariate(Arg(0))],
            _ => [.. a],
        };
        return Find($"Note_{note.Code}") is { } text ? string.Format(CultureInfo.InvariantCulture, text, args) : note.Text;
    }

    /// <summary>The engine's coded reason in this language (its numbers and codes as the English prints them).</summary>
    public string Reason(RegistryMessage reason) => reason.In(CultureInfo.GetCultureInfo(Language), RegistryMessage.EnglishArgument);

    /// <summary>The test a "not computed" note names (its code and argument), in this language.</summary>
    private string TestName(string code, string arg) => code switch
    {
        "chi_square" or "fisher" or "fisher_freeman_halton" => Format($"NoteTest_{code}", Variable(arg)),
        "t_test" => Format("NoteTest_t_test", Label("NoteMeasure", arg)),
        "t_test_visit" => Format("NoteTest_t_test_visit", Enum.TryParse<VisitCode>(arg, out var visit) ? Visit(visit) : arg),
        "paired_kps" => Format("NoteTest_paired_kps", Group(arg)),
        "log_rank" => Format("NoteTest_log_rank", Factor(arg)),
        _ => Find($"NoteTest_{code}") ?? code,
    };

    /// <summary>A date and time in UTC as <c>YYYY-MM-DD HH:mm:ss UTC</c>, the same in both languages.</summary>
    public static string UtcTime(DateTimeOffset time, bool seconds = true) =>
        time.UtcDateTime.ToString(seconds ? "yyyy-MM-dd HH:mm:ss" : "yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) + " UTC";

    /// <summary>The text of <c>{prefix}_{code}</c>; a code without one (a new level) shows as <see cref="Formats.Capitalise"/> prints it.</summary>
    private string Label(string prefix, string code) => Find($"{prefix}_{code}") ?? Formats.Capitalise(code);
}
