namespace PvpRegistry.Core;

/// <summary>
/// The text codes the registry uses in files, on the command line and in the database
/// (study CSV values, visit codes). One table per enum, so a code is spelled in one place.
/// </summary>
public static class Codes
{
    private static readonly Dictionary<Type, (Dictionary<Enum, string> ToCode, Dictionary<string, Enum> FromCode)> Tables = new();

    static Codes()
    {
        Register(new Dictionary<Sex, string> { [Sex.Male] = "male", [Sex.Female] = "female" });
        Register(new Dictionary<TreatmentGroup, string> { [TreatmentGroup.Pvp] = "pvp", [TreatmentGroup.PvpI125] = "pvp_i125" });
        Register(new Dictionary<PrimaryTumor, string>
        {
            [PrimaryTumor.Prostate] = "prostate", [PrimaryTumor.Lung] = "lung", [PrimaryTumor.Breast] = "breast",
            [PrimaryTumor.Bladder] = "bladder", [PrimaryTumor.DuodenalPapillary] = "duodenal_papillary", [PrimaryTumor.Other] = "other",
        });
        Register(new Dictionary<PrimaryGrowth, string> { [PrimaryGrowth.Slow] = "slow", [PrimaryGrowth.Moderate] = "moderate", [PrimaryGrowth.Rapid] = "rapid" });
        Register(new Dictionary<MetastaticSite, string> { [MetastaticSite.Lumbar] = "lumbar", [MetastaticSite.Sacral] = "sacral", [MetastaticSite.Lumbosacral] = "lumbosacral" });
        Register(new Dictionary<VisitCode, string>
        {
            [VisitCode.Preop] = "preop", [VisitCode.Day1] = "day1", [VisitCode.Month1] = "1m", [VisitCode.Month3] = "3m",
            [VisitCode.Month6] = "6m", [VisitCode.Month12] = "12m", [VisitCode.Month36] = "36m",
        });
        Register(new Dictionary<VisitStatus, string>
        {
            [VisitStatus.Upcoming] = "upcoming", [VisitStatus.Due] = "due", [VisitStatus.Overdue] = "overdue",
            [VisitStatus.Completed] = "completed", [VisitStatus.Missed] = "missed", [VisitStatus.NotExpected] = "not_expected",
        });
        Register(new Dictionary<ReminderKind, string> { [ReminderKind.WindowOpens] = "window_opens", [ReminderKind.ClosingSoon] = "closing_soon", [ReminderKind.Overdue] = "overdue" });
    }

    private static void Register<T>(Dictionary<T, string> table) where T : struct, Enum
    {
        var missing = Enum.GetValues<T>().Where(v => !table.ContainsKey(v)).ToList();
        if (missing.Count > 0) throw new InvalidOperationException($"No code for {typeof(T).Name}.{missing[0]}");
        Tables[typeof(T)] = (table.ToDictionary(kv => (Enum)kv.Key, kv => kv.Value),
                             table.ToDictionary(kv => kv.Value, kv => (Enum)kv.Key, StringComparer.Ordinal));
    }

    public static string Code<T>(this T value) where T : struct, Enum => Tables[typeof(T)].ToCode[value];

    public static bool TryParse<T>(string? code, out T value) where T : struct, Enum
    {
        if (code is not null && Tables[typeof(T)].FromCode.TryGetValue(code.Trim(), out var e)) { value = (T)e; return true; }
        value = default;
        return false;
    }

    public static T Parse<T>(string code) where T : struct, Enum =>
        TryParse<T>(code, out T value) ? value : throw new FormatException($"'{code}' is not one of {AllowedList<T>()}");

    public static IReadOnlyCollection<string> AllowedCodes<T>() where T : struct, Enum => Tables[typeof(T)].FromCode.Keys;

    public static string AllowedList<T>() where T : struct, Enum => string.Join(", ", AllowedCodes<T>());
}
