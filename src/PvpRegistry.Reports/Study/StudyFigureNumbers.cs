namespace PvpRegistry.Reports.Study;

/// <summary>
/// The fixed numbers of the study's figures, the same in the PDF report and on the dashboards ("Fig. N"), whatever
/// the data: a figure that cannot be drawn keeps its number and says why.
/// </summary>
public static class StudyFigureNumbers
{
    /// <summary>Figures 1-8: Kaplan-Meier by the Table 4 factors, in Table 4's order (the keys of <c>StudySurvivalFactor.Factor</c>).</summary>
    private static readonly string[] SurvivalFactors =
        ["group", "sex", "age_band", "metastatic_site", "kps_band", "segment_band", "primary_growth", "visceral_metastasis"];

    public const int Vas = 9;
    public const int Kps = 10;
    public const int Forest = 11;
    public const int PrognosticGroups = 12;
    public const int Completeness = 13;

    /// <summary>The number of the Kaplan-Meier figure of a Table 4 factor.</summary>
    public static int Survival(string factor)
    {
        int i = Array.IndexOf(SurvivalFactors, factor);
        return i >= 0 ? i + 1 : throw new ArgumentException($"No figure is numbered for the survival factor '{factor}'.", nameof(factor));
    }
}
