using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PvpRegistry.Core;
using PvpRegistry.Core.Statistics;
using PvpRegistry.Data;
using PvpRegistry.Data.Study;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Figures;
using PvpRegistry.Reports.Study;
using PvpRegistry.Web.Features.Dashboards;

namespace PvpRegistry.Bench.Dashboards;

/// <summary>
/// Times a full dashboard recompute on a real SQLite registry:
/// "PvpRegistry.Bench.Dashboards [patients] [repeats] [--db file]".
/// The registry file is built once through the app's own DbContext (migrations, audit trail and all) with
/// synthetic patients as the app stores them (procedure, visit schedule, assessments), then reused. The
/// recompute after a save is timed end to end as the app does it: the dashboard load (the cohort loader's
/// queries and mapping to study records) and every panel's view model (the whole study analysis, PI tertiles, completeness),
/// then the drawing of the figures.
/// </summary>
public static class DashboardTiming
{
    private const string BenchSetting = "Bench.DashboardPatients";
    private const int Seed = 20261125;

    public static async Task<int> Main(string[] args)
    {
        var positional = args.Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToArray();
        int n = positional.Length > 0 ? int.Parse(positional[0]) : 10_000;
        int repeatsArg = positional.Length > 1 ? int.Parse(positional[1]) : 20;
        int dbAt = Array.IndexOf(args, "--db");
        var file = dbAt >= 0 && dbAt + 1 < args.Length ? Path.GetFullPath(args[dbAt + 1])
            : Path.Combine(Path.GetTempPath(), "pvp-bench-dashboards", $"registry-{n}.db");

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Registry"] = $"Data Source={file}",
            ["Database:SeedDemoData"] = "false",
        }).Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddRegistryData(configuration)
            .AddSingleton<DashboardService>()
            .BuildServiceProvider();
        var dbFactory = services.GetRequiredService<IDbContextFactory<RegistryDbContext>>();
        var clock = services.GetRequiredService<RegistryClock>();
        var schedule = services.GetRequiredService<FollowUpSchedule>();
        var dashboards = services.GetRequiredService<DashboardService>();

        await EnsureRegistryAsync(file, n, dbFactory, services.GetRequiredService<DatabaseMigrator>(), schedule, clock.Today);
        Console.WriteLine($"SQLite registry {Path.GetFileName(file)} ({new FileInfo(file).Length / 1e6:F0} MB): {n} patients; " +
                          $"{Environment.ProcessorCount} cores; median and p95 of {repeatsArg} runs after 3 warm-ups");
        Console.WriteLine($"{"step (ms)",-88} {"median",8} {"p95",8} {"min",8} {"max",8}");

        CohortSnapshot snapshot = null!;
        var loader = services.GetRequiredService<CohortLoader>();
        await TimeAsync("load: the cohort loader (CohortLoader.LoadAsync: queries and mapping to study records)", async () => snapshot = await loader.LoadAsync());
        DashboardView view = null!;
        await TimeAsync("compute every panel (DashboardService.Compute)", () => { view = DashboardService.Compute(snapshot, DashboardFilter.Default, DateTime.UtcNow); return Task.CompletedTask; });
        await TimeAsync("FULL RECOMPUTE after a save: load (query + map) + compute every panel", async () =>
        {
            var s = await dashboards.LoadAsync();
            DashboardService.Compute(s, DashboardFilter.Default, DateTime.UtcNow);
        });

        var records = snapshot.Patients.Where(p => p.Record is not null).Select(p => p.Record!).ToArray();
        await TimeAsync("  of which StudyAnalysis.Run alone", () => { StudyAnalysis.Run(records); return Task.CompletedTask; });
        await TimeAsync("  of which PI tertiles (Core Kaplan-Meier + log-rank)", () => { PrognosticGroups.Tertiles(view.Result!, records); return Task.CompletedTask; });
        await TimeAsync("filtered recompute from the snapshot (one group)", () => { DashboardService.Compute(snapshot, DashboardFilter.Default with { Group = TreatmentGroup.Pvp }, DateTime.UtcNow); return Task.CompletedTask; });

        await TimeAsync("draw what the screen shows: the survival panel's KM figure (bands, hover regions)", () =>
        {
            var factor = view.Result!.Survival[0];
            var figure = new KaplanMeierFigure(KaplanMeierFigure.ForFactor(factor).Series, factor.LogRank?.P) { FontSize = SurvivalPanel.FontSize };
            FigureSvg.Inline(figure, SurvivalPanel.Width, SurvivalPanel.Height, FigureSvg.KaplanMeierHover(figure, SurvivalPanel.Width, SurvivalPanel.Height), "km");
            return Task.CompletedTask;
        });
        await TimeAsync("draw every figure (KM x8 factors, VAS, KPS, forest, PI KM, completeness)", () =>
        {
            var r = view.Result!;
            foreach (var f in r.Survival) KaplanMeierFigure.ForFactor(f).ToSvg(SurvivalPanel.Width, SurvivalPanel.Height);
            new VasTrendFigure(r.Vas).ToSvg(600, 420);
            new KpsFigure(r.Kps).ToSvg(480, 420);
            new ForestPlotFigure(r.Cox.FinalModel!.Coefficients).ToSvg(600, 230);
            new KaplanMeierFigure(view.Prognosis!.Series, view.Prognosis.LogRank?.P).ToSvg(SurvivalPanel.Width, SurvivalPanel.Height);
            new CompletenessFigure(view.Completeness).ToSvg(640, 400);
            return Task.CompletedTask;
        });

        var svg = FigureSvg.Inline(new KaplanMeierFigure(KaplanMeierFigure.ForFactor(view.Result!.Survival[0]).Series, null) { FontSize = SurvivalPanel.FontSize },
            SurvivalPanel.Width, SurvivalPanel.Height, FigureSvg.KaplanMeierHover(KaplanMeierFigure.ForFactor(view.Result.Survival[0]), SurvivalPanel.Width, SurvivalPanel.Height)).Value;
        Console.WriteLine($"survival panel KM markup: {svg.Length / 1024.0:F0} KB");
        Console.WriteLine($"check: n = {view.N}, events = {view.Result.Survival[0].Groups.Sum(g => g.Curve.Events)}, " +
                          $"stepwise entered = {string.Join(",", view.Result.Cox.Stepwise!.Model.Coefficients.Select(c => c.Name))}");
        return 0;

        async Task TimeAsync(string what, Func<Task> action)
        {
            for (int i = 0; i < 3; i++) await action();
            int repeats = repeatsArg;
            var times = new List<double>();
            for (int i = 0; i < repeats; i++)
            {
                var sw = Stopwatch.StartNew();
                await action();
                times.Add(sw.Elapsed.TotalMilliseconds);
            }
            times.Sort();
            double p95 = times[Math.Min(times.Count - 1, (int)Math.Ceiling(0.95 * times.Count) - 1)];
            Console.WriteLine($"{what,-88} {times[times.Count / 2],8:F1} {p95,8:F1} {times[0],8:F1} {times[^1],8:F1}");
        }
    }

    /// <summary>Builds the registry file once (migrated, filled through the app's DbContext) and reuses it while it holds the same cohort.</summary>
    private static async Task EnsureRegistryAsync(string file, int n, IDbContextFactory<RegistryDbContext> dbFactory, DatabaseMigrator migrator,
        FollowUpSchedule schedule, DateOnly today)
    {
        string marker = $"{n}/{Seed}/{today:yyyy-MM-dd}";
        if (File.Exists(file))
        {
            await using var check = await dbFactory.CreateDbContextAsync();
            try
            {
                if (await check.Settings.AnyAsync(s => s.Key == BenchSetting && s.Value == marker)) return;
            }
            catch (Microsoft.Data.Sqlite.SqliteException) { }
            await check.Database.EnsureDeletedAsync();
        }
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        Console.WriteLine($"Building {file} with {n} synthetic patients (once)...");
        var sw = Stopwatch.StartNew();
        await migrator.MigrateAsync(TimeSpan.Zero);
        var random = new Random(Seed);
        for (int from = 0; from < n; from += 500)
        {
            await using var db = await dbFactory.CreateDbContextAsync();
            db.Actor = "bench";
            db.Patients.AddRange(Enumerable.Range(from, Math.Min(500, n - from)).Select(i => Synthetic(i, random, schedule, today)));
            await db.SaveChangesAsync();
        }
        await using (var db = await dbFactory.CreateDbContextAsync())
        {
            db.Settings.Add(new RegistrySetting { Key = BenchSetting, Value = marker });
            await db.SaveChangesAsync();
        }
        Console.WriteLine($"built in {sw.Elapsed.TotalSeconds:F0} s");
    }

    /// <summary>
    /// A patient as the app stores one: about 89% die, survival depending on group, age and growth; every
    /// visit reached before the status date has scores (5% missing), dated on the visit's target day.
    /// </summary>
    private static Patient Synthetic(int i, Random random, FollowUpSchedule schedule, DateOnly today)
    {
        var visits = Enum.GetValues<VisitCode>();
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
        return StudyRecordMapping.NewPatient(record, schedule, "bench", DateTime.UtcNow);
    }
}
