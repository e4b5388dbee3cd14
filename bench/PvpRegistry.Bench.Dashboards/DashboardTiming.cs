using System.Diagnostics;
using PvpRegistry.Core;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Figures;
using PvpRegistry.Web.Features.Dashboards;

namespace PvpRegistry.Bench.Dashboards;

/// <summary>
/// Times a full dashboard recompute on a synthetic registry: "PvpRegistry.Bench.Dashboards [patients] [repeats]".
/// Patients are built as the app stores them (entities with procedure, schedule, assessments) and mapped
/// as the dashboard load maps them; then every panel's view model is computed (the whole study analysis,
/// PI tertiles, completeness) and every figure drawn to SVG.
/// </summary>
public static class DashboardTiming
{
    public static int Main(string[] args)
    {
        int n = args.Length > 0 ? int.Parse(args[0]) : 10_000;
        int repeats = args.Length > 1 ? int.Parse(args[1]) : 10;
        var schedule = FollowUpSchedule.Default;
        var today = new DateOnly(2026, 11, 1);
        var patients = Synthetic(n, schedule, today);
        Console.WriteLine($"{n} synthetic patients, {patients.Count(p => p.VitalStatus == VitalStatus.Dead)} deaths; median of {repeats} runs after a warm-up");

        DashboardSnapshot snapshot = null!;
        Time("map entities to the snapshot", () => snapshot = new DashboardSnapshot(patients.Select(p => DashboardService.ToDashboardPatient(p, schedule, today)).ToArray(), today));
        DashboardView view = null!;
        Time("compute every panel (StudyAnalysis.Run + PI tertiles + completeness)", () => view = DashboardService.Compute(snapshot, DashboardFilter.Default, DateTime.UtcNow));
        Time("draw the figures as SVG (KM x8 factors, VAS, KPS, forest, PI KM, completeness)", () =>
        {
            var r = view.Result!;
            foreach (var f in r.Survival) KaplanMeierFigure.ForFactor(f).ToSvg(640, 520);
            new VasTrendFigure(r.Vas).ToSvg(600, 420);
            new KpsFigure(r.Kps).ToSvg(480, 420);
            new ForestPlotFigure(r.Cox.FinalModel!.Coefficients).ToSvg(600, 230);
            new KaplanMeierFigure(view.Prognosis!.Series, view.Prognosis.LogRank?.P).ToSvg(640, 520);
            new CompletenessFigure(view.Completeness).ToSvg(640, 400);
        });
        var records = snapshot.Patients.Select(p => p.Record!).ToArray();
        Time("  of which StudyAnalysis.Run alone", () => PvpRegistry.Core.Statistics.StudyAnalysis.Run(records));
        Time("  of which PI tertiles (Core Kaplan-Meier + log-rank)", () => DashboardService.Tertiles(view.Result!, records));
        Time("filtered recompute (one group)", () => DashboardService.Compute(snapshot, DashboardFilter.Default with { Group = TreatmentGroup.Pvp }, DateTime.UtcNow));
        Console.WriteLine($"check: n = {view.N}, events = {view.Result!.Survival[0].Groups.Sum(g => g.Curve.Events)}, stepwise entered = {string.Join(",", view.Result.Cox.Stepwise!.Model.Coefficients.Select(c => c.Name))}");
        return 0;

        void Time(string what, Action action)
        {
            action();
            var times = new List<double>();
            for (int i = 0; i < repeats; i++)
            {
                var sw = Stopwatch.StartNew();
                action();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            Console.WriteLine($"{what,-90} median {times[times.Count / 2],7:F1} ms  (min {times[0]:F1}, max {times[^1]:F1})");
        }
    }

    private static List<Patient> Synthetic(int n, FollowUpSchedule schedule, DateOnly today)
    {
        var random = new Random(20261125);
        var patients = new List<Patient>(n);
        var visits = Enum.GetValues<VisitCode>();
        for (int i = 0; i < n; i++)
        {
            var group = random.Next(2) == 0 ? TreatmentGroup.Pvp : TreatmentGroup.PvpI125;
            var procedure = today.AddDays(-random.Next(30, 3650));
            var growth = (PrimaryGrowth)random.Next(3);
            int age = 40 + random.Next(41);
            double hazard = 1.0 / 600 * (group == TreatmentGroup.PvpI125 ? 0.6 : 1) * (age > 60 ? 2 : 1) * (1 + (int)growth * 0.6);
            int deathDay = (int)(-Math.Log(1 - random.NextDouble()) / hazard);
            int followUp = today.DayNumber - procedure.DayNumber - random.Next(0, 60);
            bool dead = deathDay <= followUp;
            int statusDay = Math.Max(1, dead ? deathDay : followUp);
            var vas = new decimal?[StudyRecord.VisitCount];
            var kps = new int?[StudyRecord.VisitCount];
            foreach (var v in visits)
            {
                if (schedule[v].TargetDay > statusDay || random.NextDouble() < 0.05) continue;
                double baseVas = v == VisitCode.Preop ? 8.7 : group == TreatmentGroup.Pvp ? 3 + (int)v * 0.5 : 2.5;
                vas[(int)v] = Math.Clamp(Math.Round((decimal)(baseVas + random.NextDouble() - 0.5), 1), 0, 10);
                kps[(int)v] = Math.Clamp(60 + 10 * random.Next(5), 60, 100);
            }
            var record = new StudyRecord
            {
                StudyId = $"SYN-{i + 1:D6}", Group = group, Sex = random.Next(2) == 0 ? Sex.Male : Sex.Female, Age = age,
                PrimaryTumor = (PrimaryTumor)random.Next(5), PrimaryGrowth = growth, MetastaticSite = (MetastaticSite)random.Next(3),
                Segments = 1 + random.Next(4), VisceralMetastasis = random.Next(3) == 0, ProcedureDate = procedure,
                CementMl = 4, Seeds = group == TreatmentGroup.PvpI125 ? 10 : 0, Vas = vas, Kps = kps,
                Dead = dead, StatusDate = procedure.AddDays(statusDay),
            };
            patients.Add(StudyRecordMapping.NewPatient(record, schedule, "bench", DateTime.UtcNow));
        }
        return patients;
    }
}
