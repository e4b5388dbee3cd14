// Load test of the scale-out deployment: the published app started twice (instances A and B, Production) on one
// PostgreSQL database, with simulated users for a fixed time: readers load pages over HTTP with their own sign-in
// cookie (each user sticks to one instance, as behind a balancer with sticky sessions), and nurses load their worklist
// over HTTP and save scores through ScoreEntryService, the service the worklist's Enter calls (role check, record
// rules, version check, audit trail, change feed), from this process: a third application process on the database.
// Afterwards it checks that no acknowledged save was lost or doubled and that no reminder exists twice.
// Usage: dotnet run -c Release --project bench/PvpRegistry.Bench.ScaleOut -- "Host=...;Username=...;Password=..." [users] [nurses] [seconds] [patients]
// The login must be allowed to create databases; the bench creates its own database and drops it at the end.
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Data.Users;
using PvpRegistry.E2E.Infrastructure;
using PvpRegistry.Web;
using PvpRegistry.Web.Features.Worklist;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: PvpRegistry.Bench.ScaleOut POSTGRES-CONNECTION-STRING [users=200] [nurses=20] [seconds=60] [patients=2000]");
    return 2;
}
var server = new NpgsqlConnectionStringBuilder(args[0]);
int users = args.Length > 1 ? int.Parse(args[1]) : 200;
int nurses = args.Length > 2 ? int.Parse(args[2]) : 20;
var duration = TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3]) : 60);
int extraPatients = args.Length > 4 ? int.Parse(args[4]) : 2000;
const int ReaderAccounts = 20;
// Think times (means; each wait is drawn from half to one and a half times the mean): BENCH_READING_MS between a
// reader's page loads, BENCH_TYPING_MS between a nurse opening a visit and saving it, BENCH_NEXT_MS before her next one.
int readingMs = int.Parse(Environment.GetEnvironmentVariable("BENCH_READING_MS") ?? "15000");
int typingMs = int.Parse(Environment.GetEnvironmentVariable("BENCH_TYPING_MS") ?? "4000");
int nextPatientMs = int.Parse(Environment.GetEnvironmentVariable("BENCH_NEXT_MS") ?? "3000");
string[] researcherPages = ["/dashboards", "/patients"], nursePages = ["/worklist", "/patients"];

var root = RepositoryRoot();
var work = Path.Combine(Path.GetTempPath(), "pvp-load-" + Guid.NewGuid().ToString("N"));
Directory.CreateDirectory(work);
var databaseName = "pvp_load_" + Guid.NewGuid().ToString("N");
var registry = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = databaseName }.ConnectionString;
WebProcess? a = null, b = null;
Console.WriteLine($"{Environment.ProcessorCount} cores, load average {LoadAverage()} at the start; {users} users ({nurses} nurses saving) for {duration.TotalSeconds:F0} s; "
    + $"think times: reading {readingMs} ms, typing {typingMs} ms, next patient {nextPatientMs} ms");
try
{
    var published = ChildProcess.RunAsync("dotnet", "publish", Path.Combine(root, "src", "PvpRegistry.Web", "PvpRegistry.Web.csproj"), "-c", "Release", "--no-build", "-o", Path.Combine(work, "web"));
    await ExecuteOnServerAsync($"CREATE DATABASE \"{databaseName}\"");

    // This process: a client of the same database (preparation, the nurses' saves, the checks).
    var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Database:Provider"] = "Postgres", ["ConnectionStrings:Registry"] = registry,
    }).Build();
    var services = new ServiceCollection().AddSingleton<IConfiguration>(config).AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
    services.AddRegistryData(config);
    services.AddRegistryDataProtection(config);
    services.AddRegistryIdentityCore();
    services.AddRegistryLocalization();
    services.AddSingleton<ScoreEntryService>();
    await using var sp = services.BuildServiceProvider();
    var dbFactory = sp.GetRequiredService<IDbContextFactory<RegistryDbContext>>();

    // The registry: migrated, the demo cohort and a synthetic cohort, and the accounts; prepared before the instances
    // start, so both start at once and both schedulers make their start-up run at the same moment.
    var prepared = Stopwatch.StartNew();
    await sp.GetRequiredService<DatabaseMigrator>().MigrateAsync(TimeSpan.FromSeconds(30));
    await published;
    await sp.GetRequiredService<DemoCohort>().LoadIfEmptyAsync(Path.Combine(work, "web", "DemoData", "cohort-demo.csv"));
    if (extraPatients > 0)
    {
        var cohort = Path.Combine(work, "cohort.csv");
        await ChildProcess.RunAsync("python3", Path.Combine(root, "bench", "make-cohort.py"), extraPatients.ToString(), cohort);
        await using var csv = File.OpenRead(cohort);
        var imported = await sp.GetRequiredService<StudyCsvImporter>().ImportAsync(csv, "load-test");
        if (!imported.Succeeded) throw new InvalidOperationException($"The synthetic cohort was refused: {imported.Problems[0]}");
    }
    var researchers = await CreateAccountsAsync("load-researcher", Roles.Researcher, ReaderAccounts);
    var nurseAccounts = await CreateAccountsAsync("load-nurse", Roles.Nurse, Math.Max(nurses, ReaderAccounts));
    int patients;
    await using (var db = await dbFactory.CreateDbContextAsync()) patients = await db.Patients.CountAsync();
    Console.WriteLine($"registry prepared in {prepared.Elapsed.TotalSeconds:F0} s: {patients} patients, {researchers.Count + nurseAccounts.Count} accounts");

    var environment = new Dictionary<string, string>
    {
        ["ASPNETCORE_ENVIRONMENT"] = "Production",
        ["Database__Provider"] = "Postgres",
        ["ConnectionStrings__Registry"] = registry,
        ["Reminders__Smtp__Host"] = "127.0.0.1",
        ["Reminders__Smtp__Port"] = WebProcess.FreePort().ToString(),
        ["Reminders__Smtp__From"] = "registry@example.org",
        ["Reminders__Coordinator"] = "coordinator@example.org",
        // Every simulated user signs in from loopback.
        ["Security__SignInRateLimit__PerAddress"] = "100000",
        ["Logging__LogLevel__Default"] = "Warning",
        ["Logging__LogLevel__PvpRegistry"] = "Information",
    };
    var started = Stopwatch.StartNew();
    var startA = WebProcess.StartAsync("A", Path.Combine(work, "web"), WebProcess.FreePort(), environment);
    var startB = WebProcess.StartAsync("B", Path.Combine(work, "web"), WebProcess.FreePort(), environment);
    a = await startA;
    b = await startB;
    var instances = new[] { a, b };
    Console.WriteLine($"instances A and B ready in {started.Elapsed.TotalSeconds:F0} s (started together)");

    // One sign-in per account, on the instance its users stick to (account i: instance i % 2).
    var researcherCookies = await Task.WhenAll(researchers.Select((x, i) => SignInAsync(instances[i % 2], x.Name, x.Password)));
    var nurseCookies = await Task.WhenAll(nurseAccounts.Select((x, i) => SignInAsync(instances[i % 2], x.Name, x.Password)));

    var pageLoads = new ConcurrentBag<(string Page, double Ms)>();
    var saves = new ConcurrentBag<double>();
    var failures = new ConcurrentBag<string>();
    var acknowledged = new ConcurrentBag<Acknowledged>();
    var conflictTokens = new ConcurrentBag<string>();
    var refusedTokens = new ConcurrentBag<string>();

    // The visits the nurses work on: 60 visits of living patients, not missed, whose window has opened (the first ones
    // are the demo's recent patients), drawn by every nurse, so two nurses sometimes have the same visit open and the
    // second save must be refused as a conflict. Passed windows are closed as missed as in production, so the
    // worklist holds what a ward sees, not every visit of four years.
    var today = sp.GetRequiredService<RegistryClock>().Today;
    List<int> pool;
    await using (var db = await dbFactory.CreateDbContextAsync())
        pool = await db.Visits.Where(v => v.WindowStart <= today && v.MissedReason == null && v.Code != VisitCode.Preop
                && v.Patient!.VitalStatus == VitalStatus.Alive && v.Patient.Voided == null)
            .OrderBy(v => v.Id).Select(v => v.Id).Take(60).ToListAsync();

    var entry = sp.GetRequiredService<ScoreEntryService>();
    var end = DateTime.UtcNow + duration;
    var readerTasks = Enumerable.Range(0, users - nurses).Select(u => Task.Run(async () =>
    {
        bool researcher = u % 2 == 0;
        int account = u / 2 % ReaderAccounts;
        var (instance, cookies) = researcher ? researcherCookies[account] : nurseCookies[account];
        using var http = Client(cookies);
        await Task.Delay(Random.Shared.Next(0, 5000)); // users arrive over the first 5 s
        while (DateTime.UtcNow < end)
        {
            var page = (researcher ? researcherPages : nursePages)[Random.Shared.Next(2)];
            await LoadPageAsync(http, instance, page);
            await Task.Delay(Random.Shared.Next(readingMs / 2, readingMs * 3 / 2)); // reading the page
        }
    }));
    var nurseTasks = Enumerable.Range(0, nurses).Select(n => Task.Run(async () =>
    {
        var (instance, cookies) = nurseCookies[n];
        var user = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, nurseAccounts[n].Name), new Claim(ClaimTypes.Role, Roles.Nurse)], "load-test"));
        using var http = Client(cookies);
        await Task.Delay(Random.Shared.Next(0, 5000));
        for (int seq = 0; DateTime.UtcNow < end; seq++)
        {
            await LoadPageAsync(http, instance, "/worklist");
            int visitId = pool[Random.Shared.Next(pool.Count)];
            VisitEntry? seen;
            try { seen = await entry.LoadAsync(user, visitId); }
            catch (Exception e) { failures.Add($"loading visit {visitId}: {e.GetType().Name}: {e.Message}"); continue; }
            if (seen is null) { failures.Add($"visit {visitId} not found"); continue; }
            await Task.Delay(Random.Shared.Next(typingMs / 2, typingMs * 3 / 2)); // on the phone, typing the scores
            decimal vas = Random.Shared.Next(0, 11);
            if (seen.Current?.Vas == vas) vas = (vas + 1) % 11;
            int kps = Random.Shared.Next(1, 11) * 10;
            string? reason = seen.Current is null ? null : $"load test {n}-{seq}";
            var stopwatch = Stopwatch.StartNew();
            try
            {
                await entry.RecordAssessmentAsync(user, visitId, seen.VisitVersion, new AssessmentInput(vas, kps, today, AssessmentSource.Phone, reason));
                saves.Add(stopwatch.Elapsed.TotalMilliseconds);
                acknowledged.Add(new Acknowledged(visitId, seen.VisitVersion, vas, kps, reason));
            }
            catch (RecordChangedException) { conflictTokens.Add(reason ?? $"first record of visit {visitId}"); }
            catch (ClinicalValidationException e) { refusedTokens.Add(reason ?? ""); failures.Add($"refused on visit {visitId}: {e.Message}"); }
            catch (Exception e) { failures.Add($"saving visit {visitId}: {e.GetType().Name}: {e.Message}"); } // neither acknowledged nor refused: a failure
            await Task.Delay(Random.Shared.Next(nextPatientMs / 2, nextPatientMs * 3 / 2)); // dialling the next patient
        }
    }));
    var run = Stopwatch.StartNew();
    await Task.WhenAll(readerTasks.Concat(nurseTasks));
    Console.WriteLine($"ran {run.Elapsed.TotalSeconds:F0} s; load average {LoadAverage()} at the end");

    Report("page load (HTTP GET of the server-rendered page)", pageLoads.Select(p => p.Ms));
    foreach (var group in pageLoads.GroupBy(p => p.Page).OrderBy(g => g.Key)) Report("  " + group.Key, group.Select(p => p.Ms));
    Report("save (ScoreEntryService.RecordAssessmentAsync)", saves);
    Console.WriteLine($"saves: {acknowledged.Count} acknowledged, {conflictTokens.Count} refused as conflicts (someone saved the visit meanwhile), {refusedTokens.Count} refused by the rules");
    foreach (var f in failures.Distinct().Take(10)) Console.WriteLine("  " + f);

    // Checks: every acknowledged save is in the database exactly once, no refused one is, no reminder exists twice.
    int problems = 0;
    void Problem(string text) { problems++; Console.WriteLine("PROBLEM: " + text); }
    await using (var db = await dbFactory.CreateDbContextAsync())
    {
        var acks = acknowledged.ToList();
        foreach (var visit in acks.GroupBy(x => x.VisitId))
        {
            var versions = visit.Select(x => x.SeenVersion).ToList();
            if (versions.Distinct().Count() != versions.Count) Problem($"visit {visit.Key}: two acknowledged saves from the same version (one overwrote the other)");
            var current = await db.Assessments.Where(x => x.VisitId == visit.Key && x.Voided == null).ToListAsync();
            if (current.Count != 1) { Problem($"visit {visit.Key}: {current.Count} current assessments"); continue; }
            var last = visit.MaxBy(x => x.SeenVersion)!;
            if (current[0].Vas != last.Vas || current[0].Kps != last.Kps)
                Problem($"visit {visit.Key}: the database holds VAS {current[0].Vas} KPS {current[0].Kps}, the last acknowledged save VAS {last.Vas} KPS {last.Kps}");
        }
        var reasons = acks.Where(x => x.Reason is not null).Select(x => x.Reason!).Concat(conflictTokens).Concat(refusedTokens).ToList();
        var audited = (await db.AuditTrail.Where(e => e.Reason != null && e.Reason.StartsWith("load test ")).Select(e => new { e.Reason, e.AtUtc }).ToListAsync())
            .GroupBy(e => e.Reason!).ToDictionary(g => g.Key, g => g.Select(e => e.AtUtc).Distinct().Count());
        foreach (var ack in acks.Where(x => x.Reason is not null))
            if (audited.GetValueOrDefault(ack.Reason!) != 1) Problem($"correction '{ack.Reason}' is in the audit trail {audited.GetValueOrDefault(ack.Reason!)} time(s)");
        foreach (var token in conflictTokens.Concat(refusedTokens).Where(t => t.StartsWith("load test ")))
            if (audited.ContainsKey(token)) Problem($"the refused correction '{token}' is in the audit trail");
        if (audited.Count > acks.Count(x => x.Reason is not null)) Problem("the audit trail holds corrections nobody was told were saved");

        var reminders = await db.Reminders.GroupBy(r => new { r.VisitId, r.Kind }).Select(g => g.Count()).ToListAsync();
        var duplicateReminders = reminders.Count(c => c > 1);
        var messages = await db.Outbox.GroupBy(m => new { m.DedupKey, m.Recipient }).Select(g => g.Count()).ToListAsync();
        var duplicateMessages = messages.Count(c => c > 1);
        if (duplicateReminders > 0) Problem($"{duplicateReminders} reminders exist more than once");
        if (duplicateMessages > 0) Problem($"{duplicateMessages} outbox messages (digests) exist more than once");
        int schedulers = instances.Count(i => i.Log.Contains("Reminder run for"));
        if (schedulers != 2) Problem($"{schedulers} of 2 schedulers logged a reminder run");
        Console.WriteLine($"reminders: {reminders.Sum()} on {reminders.Count} (visit, kind) pairs, {duplicateReminders} duplicated; outbox: {messages.Sum()} messages, {duplicateMessages} duplicated; schedulers that ran: {schedulers} of 2");
        Console.WriteLine($"acknowledged saves checked: {acks.Count} on {acks.Select(x => x.VisitId).Distinct().Count()} visits, {reasons.Count} correction reasons looked up");
    }
    int errors = failures.Count(f => !f.StartsWith("refused"));
    if (errors > 0)
    {
        Problem($"{errors} failed requests or loads; the instances logged:");
        foreach (var line in instances.SelectMany(i => i.Log.Split('\n')).Where(l => l.StartsWith("fail:") || l.Contains("Exception:")).Distinct().Take(12))
            Console.WriteLine("  " + line);
    }
    Console.WriteLine(problems == 0 ? "OK: no lost or doubled save, no duplicate reminder" : $"{problems} problem(s)");
    return problems == 0 ? 0 : 1;

    async Task LoadPageAsync(HttpClient http, WebProcess instance, string page)
    {
        var stopwatch = Stopwatch.StartNew();
        try
        {
            using var response = await http.GetAsync(instance.BaseUrl + page);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK) // a signed-out user is redirected (302) to the login page
                failures.Add($"{page} on {instance.BaseUrl}: {(int)response.StatusCode}");
            else pageLoads.Add((page, stopwatch.Elapsed.TotalMilliseconds));
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { failures.Add($"{page} on {instance.BaseUrl}: {e.Message}"); }
    }

    async Task<List<(string Name, string Password)>> CreateAccountsAsync(string prefix, string role, int count)
    {
        var created = new List<(string, string)>();
        for (int i = 0; i < count; i++)
        {
            await using var scope = sp.CreateAsyncScope();
            var result = await scope.ServiceProvider.GetRequiredService<UserAccounts>().CreateAsync($"{prefix}-{i:D2}", $"Load test {role} {i}", null, [role], "load-test", mustChangePassword: false);
            if (!result.Succeeded) throw new InvalidOperationException(string.Join("; ", result.Errors));
            created.Add(($"{prefix}-{i:D2}", result.OneTimePassword!));
        }
        return created;
    }
}
finally
{
    a?.Dispose();
    b?.Dispose();
    NpgsqlConnection.ClearAllPools();
    if (Environment.GetEnvironmentVariable("BENCH_KEEP") is null) await ExecuteOnServerAsync($"DROP DATABASE IF EXISTS \"{databaseName}\" WITH (FORCE)");
    else Console.WriteLine($"kept the database {databaseName}");
    try { Directory.Delete(work, recursive: true); } catch (IOException) { }
}

static string LoadAverage() => string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

static HttpClient Client(CookieContainer cookies) =>
    new(new SocketsHttpHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(60) };

// Signs in through the login form (GET for the antiforgery token, then the form post), as a browser does.
static async Task<(WebProcess Instance, CookieContainer Cookies)> SignInAsync(WebProcess instance, string name, string password)
{
    var cookies = new CookieContainer();
    using var http = Client(cookies);
    var form = await http.GetStringAsync(instance.BaseUrl + "/account/login");
    var token = Regex.Match(form, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
    using var response = await http.PostAsync(instance.BaseUrl + "/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
    {
        ["__RequestVerificationToken"] = token, ["_handler"] = "login", ["Input.UserName"] = name, ["Input.Password"] = password,
    }));
    if ((int)response.StatusCode is < 300 or >= 400 || response.Headers.Location?.OriginalString.Contains("login") == true)
        throw new InvalidOperationException($"{name} could not sign in on {instance.BaseUrl}: {(int)response.StatusCode}");
    return (instance, cookies);
}

async Task ExecuteOnServerAsync(string sql)
{
    var builder = new NpgsqlConnectionStringBuilder(server.ConnectionString) { Database = "postgres", Pooling = false };
    await using var connection = new NpgsqlConnection(builder.ConnectionString);
    await connection.OpenAsync();
    await using var command = new NpgsqlCommand(sql, connection);
    await command.ExecuteNonQueryAsync();
}

static string RepositoryRoot()
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        if (File.Exists(Path.Combine(dir.FullName, "PvpRegistry.sln"))) return dir.FullName;
    throw new InvalidOperationException("The repository root (PvpRegistry.sln) is not above the bench.");
}

static void Report(string what, IEnumerable<double> milliseconds)
{
    var sorted = milliseconds.Order().ToList();
    if (sorted.Count == 0) { Console.WriteLine($"{what,-52} none"); return; }
    double At(double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];
    Console.WriteLine($"{what,-52} median {At(0.5),8:F1} ms  p95 {At(0.95),8:F1} ms  max {sorted[^1],8:F1} ms  (n={sorted.Count})");
}

record Acknowledged(int VisitId, uint SeenVersion, decimal? Vas, int? Kps, string? Reason);
