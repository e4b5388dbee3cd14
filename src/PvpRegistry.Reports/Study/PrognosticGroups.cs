using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Reports.Figures;

namespace PvpRegistry.Reports.Study;

/// <summary>The prognostic index risk groups (tertiles of PI) as Kaplan-Meier curves from the Core estimator.</summary>
public sealed record PrognosticGroups(double LowerCut, double UpperCut, IReadOnlyList<KaplanMeierSeries> Series, LogRankResult? LogRank)
{
    /// <summary>
    /// Risk groups by tertiles of the prognostic index (the final Cox model's PI from the result), drawn with
    /// the Core Kaplan-Meier estimator and compared with the Core log-rank test; null below three patients with a PI.
    /// The dashboards' prognosis panel and the report's figure both read this one computation.
    /// </summary>
    public static PrognosticGroups? Tertiles(StudyResult result, IReadOnlyList<StudyRecord> records, Localization.ReportText? text = null)
    {
        var t = text ?? Localization.ReportText.English;
        var pi = result.Cox.PrognosticIndex;
        if (pi.Count < 3) return null;
        var sorted = pi.Select(p => p.Value).Order().ToArray();
        double lowerCut = sorted[(sorted.Length - 1) / 3], upperCut = sorted[2 * (sorted.Length - 1) / 3];
        var byId = records.ToDictionary(r => r.StudyId);
        var months = new double[pi.Count];
        var died = new bool[pi.Count];
        var labels = new string[pi.Count];
        for (int i = 0; i < pi.Count; i++)
        {
            var survival = byId[pi[i].StudyId].Survival;
            months[i] = survival.Days / SurvivalTime.DaysPerMonth; // as StudyAnalysis
            died[i] = survival.Died;
            labels[i] = pi[i].Value <= lowerCut ? "1 Risk_Low" : pi[i].Value <= upperCut ? "2 Risk_Intermediate" : "3 Risk_High"; // sorted by the digit
        }
        var curves = KaplanMeier.FitByGroup(months, died, labels, result.Options.SurvivalConfidenceType, result.Options.ConfidenceLevel);
        LogRankResult? logRank = null;
        if (curves.Count > 1 && died.Any(d => d)) logRank = Core.Statistics.LogRank.Test(months, died, labels);
        return new PrognosticGroups(lowerCut, upperCut,
            curves.Select(c => new KaplanMeierSeries(t[c.Name[2..]], c)).ToArray(), logRank);
    }
}
