// Server-side timing of the worklist, the patient grid and saving an assessment, on a SQLite file
// with a synthetic registry of N patients (default 10,000) and 7 visits each (70,000 visits).
// Usage: dotnet run -c Release --project bench/PvpRegistry.Bench.Worklist [patients] [repeats]
using System.Diagnostics;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Features.Patients;
using PvpRegistry.Web.Features.Worklist;

int patients = args.Length > 0 ? int.Parse(args[0]) : 10_000;
int repeats = args.Length > 1 ? int.Parse(args[1]) : 30;
// BENCH_DB=path keeps the seeded database there and reuses it on the next run (for profiling).
var keptDatabase = Environment.GetEnvironmentVariable("BENCH_DB");
var folder = keptDatabase is null ? Path.Combine(Path.GetTempPath(), "pvp-bench-" + Guid.NewGuid().ToString("N")) : Path.GetDirectoryName(Path.GetFullPath(keptDatabase))!;
var databaseFile = keptDatabase is null ? Path.Combine(folder, "registry.db") : Path.GetFullPath(keptDatabase);
Directory.CreateDirectory(folder);
try
{
    var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["ConnectionStrings:Registry"] = $"Data Source={databaseFile}",
        ["Database:SeedDemoData"] = "false",
    }).Build();
    var services = new ServiceCollection()
        .AddSingleton<IConfiguration>(config)
        .AddLogging(b =>
        {
            b.SetMinimumLevel(LogLevel.Warning);
            // BENCH_SQL=1 prints the SQL of every command with its time.
            if (Environment.GetEnvironmentVariable("BENCH_SQL") == "1")
                b.AddSimpleConsole().AddFilter("Microsoft.EntityFrameworkCore.Database.Command", LogLevel.Information);
        })
        .AddRegistryData(config);
    services.AddSingleton<WorklistService>().AddSingleton<PatientList>().AddSingleton<ScoreEntryService>();
    await using var sp = services.BuildServiceProvider();
    await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(10));

    var today = sp.GetRequiredService<RegistryClock>().Today;
    var seed = Stopwatch.StartNew();
    int stored;
    await using (var existing = await sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
        stored = await existing.Patients.CountAsync();
    if (stored > 0) Console.WriteLine($"reusing the kept database with {stored} patients");
    else
    {
        var (visits, assessments, attempts) = await SeedAsync(sp, patients, today);
        Console.WriteLine($"seeded {patients} patients, {visits} visits, {assessments} assessments, {attempts} contact attempts in {seed.Elapsed.TotalSeconds:F1} s (SQLite file, through RegistryDbContext with the audit trail)");
    }
    // The running app refreshes SQLite's planner statistics at start-up, after imports and every hour;
    // a registry that grew to this size has had that done.
    await sp.GetRequiredService<QueryPlannerStatistics>().RefreshAsync();

    var nurse = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "bench.nurse"), new Claim(ClaimTypes.Role, Roles.Nurse)], "bench"));
    var worklist = sp.GetRequiredService<WorklistService>();
    var list = sp.GetRequiredService<PatientList>();
    var entry = sp.GetRequiredService<ScoreEntryService>();

    int rows = (await worklist.LoadAsync(nurse)).Count;
    Console.WriteLine($"worklist rows: {rows}");
    await TimeAsync("worklist (due + overdue, last contact)", () => worklist.LoadAsync(nurse));
    await TimeAsync("patient grid: first page, study ID order", () => list.QueryAsync(new PatientQuery(null, null, null, null, false, 0, 25)));
    await TimeAsync("patient grid: page 200, procedure date desc", () => list.QueryAsync(new PatientQuery(null, null, null, "ProcedureDate", true, 200, 25)));
    await TimeAsync("patient grid: search study ID 'PVP-0123'", () => list.QueryAsync(new PatientQuery("PVP-0123", null, null, null, false, 0, 25)));
    await TimeAsync("patient grid: search name 'Patient 77'", () => list.QueryAsync(new PatientQuery("Patient 77", null, null, null, false, 0, 25)));
    await TimeAsync("patient grid: group + alive + overdue visit, age order", () => list.QueryAsync(new PatientQuery(null, TreatmentGroup.PvpI125, VitalStatus.Alive, "Age", false, 3, 25, VisitStatus.Overdue)));
    await TimeAsync("patient grid: has a due visit", () => list.QueryAsync(new PatientQuery(null, null, null, null, false, 0, 25, VisitStatus.Due)));

    // Saving an assessment: the service call a nurse's Enter makes (role check, validation, version check, audit, commit).
    var due = (await worklist.LoadAsync(nurse)).Where(r => r.Status == VisitStatus.Due).Take(repeats * 4).ToList();
    var saves = new List<double>();
    foreach (var (r, i) in due.Select((r, i) => (r, i)))
    {
        var seen = (await entry.LoadAsync(nurse, r.VisitId))!;
        var sw = Stopwatch.StartNew();
        await entry.RecordAssessmentAsync(nurse, r.VisitId, seen.VisitVersion, new AssessmentInput(i % 11, (i % 11) * 10, today, AssessmentSource.Phone));
        saves.Add(sw.Elapsed.TotalMilliseconds);
    }
    Report($"assessment save ({saves.Count} saves)", saves.Skip(3).ToList());
}
finally
{
    Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    if (keptDatabase is null)
        try { Directory.Delete(folder, recursive: true); } catch (IOException) { }
}

async Task TimeAsync<T>(string name, Func<Task<T>> run)
{
    await run(); // warm-up
    var times = new List<double>();
    for (int i = 0; i < repeats; i++)
    {
        var sw = Stopwatch.StartNew();
        await run();
        times.Add(sw.Elapsed.TotalMilliseconds);
    }
    Report(name, times);
}

static void Report(string name, List<double> ms)
{
    ms.Sort();
    double P(double q) => ms[Math.Min(ms.Count - 1, (int)Math.Ceiling(q * ms.Count) - 1)];
    Console.WriteLine($"{name,-58} median {P(0.5),7:F1} ms  p95 {P(0.95),7:F1} ms  max {ms[^1],7:F1} ms  (n={ms.Count})");
}

static async Task<(int Visits, int Assessments, int Attempts)> SeedAsync(IServiceProvider sp, int count, DateOnly today)
{
    var factory = sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>();
    var schedule = sp.GetRequiredService<FollowUpSchedule>();
    var random = new Random(42);
    int visits = 0, assessments = 0, attempts = 0;
    for (int start = 0; start < count; start += 500)
    {
        await using var db = await factory.CreateDbContextAsync();
        db.Actor = "bench-seed";
        for (int i = start; i < Math.Min(count, start + 500); i++)
        {
            // Procedures spread over the last four years, so every visit status occurs.
            var procedureDate = today.AddDays(-random.Next(0, 1460));
            var group = i % 2 == 0 ? TreatmentGroup.Pvp : TreatmentGroup.PvpI125;
            var p = new Patient
            {
                StudyId = $"PVP-{i + 1:0000}", Mrn = $"MRN{i + 1:000000}", Name = $"Patient {i + 1}", Phone = $"555-{i:0000}",
                Sex = i % 3 == 0 ? Sex.Female : Sex.Male, BirthDate = procedureDate.AddYears(-random.Next(40, 85)), Group = group,
                PrimaryTumor = (PrimaryTumor)(i % 5), PrimaryGrowth = (PrimaryGrowth)(i % 3), MetastaticSite = (MetastaticSite)(i % 3),
                SegmentCount = 1 + i % 3, EnrolmentDate = procedureDate.AddDays(-7), ConsentDate = procedureDate.AddDays(-7),
                LastKnownAliveDate = procedureDate,
            };
            p.AgeAtProcedure = Patient.AgeOn(p.BirthDate!.Value, procedureDate);
            if (random.NextDouble() < 0.15 && procedureDate < today.AddDays(-100))
            {
                p.VitalStatus = VitalStatus.Dead;
                p.ExitDate = procedureDate.AddDays(random.Next(60, today.DayNumber - procedureDate.DayNumber));
            }
            p.Procedures.Add(new Procedure
            {
                Date = procedureDate, Surgeon = "Dr Bench", CementTotalMl = 4m, TreatedLevels = [new TreatedLevel { Level = SpinalLevel.L3, CementMl = 4m }],
                SeedCount = group == TreatmentGroup.PvpI125 ? 16 : 0, SeedActivityMci = group == TreatmentGroup.PvpI125 ? 0.6m : null,
            });
            foreach (var v in schedule.CreateVisits(procedureDate))
            {
                if (v.WindowEnd < today && (p.ExitDate is null || v.TargetDate <= p.ExitDate))
                {
                    double r = random.NextDouble();
                    if (r < 0.85)
                    {
                        v.Assessments.Add(new Assessment
                        {
                            Vas = Math.Round((decimal)random.NextDouble() * 8m, 1), Kps = 50 + 10 * random.Next(0, 5), AssessmentDate = v.TargetDate,
                            Source = AssessmentSource.Clinic, EnteredBy = "bench-seed", EnteredAtUtc = DateTime.UtcNow,
                        });
                        assessments++;
                    }
                    else if (r < 0.95) v.MissedReason = MissedReason.Unreachable;
                }
                // Nurses' phone calls: a third of the visits whose window has opened have one to three attempts.
                if (v.WindowStart <= today && random.NextDouble() < 0.33)
                    for (int k = random.Next(1, 4); k > 0; k--)
                    {
                        v.ContactAttempts.Add(new ContactAttempt
                        {
                            AttemptedAtUtc = v.WindowStart.AddDays(k).ToDateTime(new TimeOnly(9 + k, 0), DateTimeKind.Utc),
                            Outcome = k == 1 ? ContactOutcome.Reached : ContactOutcome.NoAnswer, RecordedBy = "bench-seed",
                        });
                        attempts++;
                    }
                p.Visits.Add(v);
                visits++;
            }
            db.Patients.Add(p);
        }
        await db.SaveChangesAsync();
    }
    return (visits, assessments, attempts);
}
