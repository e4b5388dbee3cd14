using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Quality;
using PvpRegistry.Web.Features.Quality;
using PvpRegistry.Web.Features.Queries;
using PvpRegistry.Web.Tests.Infrastructure;
using static PvpRegistry.Web.Tests.Infrastructure.TestPeople;

namespace PvpRegistry.Web.Tests.Features.Quality;

/// <summary>
/// The data quality page on a registry with two nurses' patients: both break a rule (stored before the rules existed),
/// one also has a protocol deviation, each has an open query (raised in English), and one more query is already answered.
/// </summary>
public class QualityPageTests(QualityPageTests.Registry registry) : BunitTestBase, IClassFixture<QualityPageTests.Registry>
{
    public sealed class Registry : IAsyncLifetime
    {
        public const string NurseAnn = "nurse-ann-id", NurseBo = "nurse-bo-id";
        public RegistryWebFactory Factory { get; } = new EmptyRegistryWebFactory();
        public (int Id, string StudyId) Ann { get; private set; }
        public (int Id, string StudyId) Bo { get; private set; }

        public async Task InitializeAsync()
        {
            var s = Factory.Services;
            var (annId, annStudy, _) = await TreatedPatientAsync(s, 91, VisitCode.Month3);
            var (boId, boStudy, _) = await TreatedPatientAsync(s, 91, VisitCode.Month3);
            (Ann, Bo) = ((annId, annStudy), (boId, boStudy));
            await using (var db = await s.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
            {
                // As an import before the record rules existed could have stored them.
                foreach (var p in await db.Patients.Where(p => p.Id == annId || p.Id == boId).ToListAsync())
                {
                    p.ResponsibleNurseId = p.Id == annId ? NurseAnn : NurseBo;
                    p.PrimaryTumor = PrimaryTumor.Prostate;
                    if (p.Id == annId) p.FrankelGrade = FrankelGrade.A;
                }
                db.Actor = "importer";
                await db.SaveChangesAsync();
            }
            var queries = s.GetRequiredService<QueryService>();
            var researcher = As("res.kim", Roles.Researcher);
            QueryTarget Growth(int id) => new(nameof(Patient), id, nameof(Patient.PrimaryGrowth), "Primary tumour growth", "");
            await queries.OpenAsync(researcher, annId, Growth(annId), "Growth rapid in the notes?");
            await queries.OpenAsync(researcher, boId, new(nameof(Patient), boId, nameof(Patient.BirthDate), "Date of birth", ""), "Born in 1950 per the ID card?");
            var answered = await queries.OpenAsync(researcher, boId, new(nameof(Patient), boId, nameof(Patient.FrankelGrade), "Frankel grade", ""), "Grade D?");
            var open = (await queries.ListAsync(researcher)).Single(r => r.View.Query.Id == answered).View.Query;
            await queries.ReplyAsync(Surgeon(), answered, open.Version, "Grade D on admission.");
        }

        public async Task DisposeAsync() => await Factory.DisposeAsync();
    }

    private IRenderedComponent<QualityPage> Render(string name, string role, string? userId = null)
    {
        Context.Services.AddSingleton(_ => registry.Factory.Services.GetRequiredService<DataQuality>());
        Context.Services.AddSingleton(_ => registry.Factory.Services.GetRequiredService<QueryService>());
        Context.Services.AddSingleton(_ => registry.Factory.Services.GetRequiredService<RegistryClock>());
        var auth = Context.AddAuthorization().SetAuthorized(name).SetRoles(role);
        if (userId is not null) auth.SetClaims(new Claim(ClaimTypes.NameIdentifier, userId));
        var page = Context.Render<QualityPage>();
        page.WaitForElement("[data-testid=quality-queries-count]");
        return page;
    }

    private static List<string> Studies(IRenderedComponent<QualityPage> page, string row) =>
        page.FindAll($"[data-testid={row}]").Select(r => r.GetAttribute("data-study")!).Distinct().ToList();

    [Fact]
    public void A_nurse_sees_only_her_own_patients_violations_and_open_queries()
    {
        var page = Render("nurse.ann", Roles.Nurse, Registry.NurseAnn);
        Assert.Equal([registry.Ann.StudyId], Studies(page, "quality-issue"));
        Assert.Equal([registry.Ann.StudyId], Studies(page, "quality-query"));
        Assert.Equal("1 rule violation(s), 1 protocol deviation(s)", page.Find("[data-testid=quality-count]").TextContent.Trim());
        Assert.Contains("You see the patients you are responsible for.", page.Markup);
    }

    [Fact]
    public void The_counts_per_rule_count_every_patients_violations_for_a_researcher()
    {
        var page = Render("res.kim", Roles.Researcher);
        var counts = page.FindAll("[data-testid=quality-counts] tbody tr")
            .Select(r => (r.GetAttribute("data-rule"), r.QuerySelectorAll("td").Last().TextContent.Trim())).ToList();
        Assert.Equal([(RecordRules.ProstateInFemale.Code, "2"), (RecordRules.EligibilityFrankelContradicted.Code, "1")], counts);
        Assert.Equal("2 rule violation(s), 1 protocol deviation(s)", page.Find("[data-testid=quality-count]").TextContent.Trim());
        Assert.Equal(new[] { registry.Ann.StudyId, registry.Bo.StudyId }.Order(), Studies(page, "quality-issue").Order());
    }

    [Fact]
    public void Open_queries_are_listed_with_their_count_each_linking_to_the_patient_and_answered_ones_are_not()
    {
        var page = Render("res.kim", Roles.Researcher);
        Assert.Equal("2 open queries on 2 patient(s)", page.Find("[data-testid=quality-queries-count]").TextContent.Trim());
        var rows = page.FindAll("[data-testid=quality-query]");
        Assert.Equal(2, rows.Count);
        var ann = rows.Single(r => r.GetAttribute("data-study") == registry.Ann.StudyId);
        Assert.Equal($"/patients/{registry.Ann.Id}", ann.QuerySelector("a")!.GetAttribute("href"));
        Assert.Contains("Primary tumour growth", ann.TextContent);
        Assert.Contains("Growth rapid in the notes?", ann.TextContent);
        Assert.Contains("by res.kim", ann.TextContent);
        Assert.DoesNotContain("Grade D?", page.Find("[data-testid=quality-queries]").TextContent);
    }

    [Fact]
    public void A_reader_of_chinese_reads_the_value_of_a_query_raised_in_english_in_chinese()
    {
        var page = InCulture("zh-CN", () => Render("res.kim", Roles.Researcher));
        var bo = page.FindAll("[data-testid=quality-query]").Single(r => r.GetAttribute("data-study") == registry.Bo.StudyId);
        Assert.Contains("出生日期", bo.TextContent);
        Assert.DoesNotContain("Date of birth", bo.TextContent);
    }
}
