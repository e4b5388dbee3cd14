using System.Net;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Account;

public class AuditPagesTests(RegistryWebFactory factory) : BunitTestBase, IClassFixture<RegistryWebFactory>
{
    private readonly RegistryWebFactory _factory = factory;

    [Fact]
    public async Task The_audit_logs_from_and_to_dates_are_date_boxes_that_filter_the_table_and_the_export_and_ignore_text_that_is_no_date()
    {
        Context.Services.AddSingleton(_ => _factory.Services.GetRequiredService<PvpRegistry.Web.Features.Audit.AuditLog>());
        Context.AddAuthorization().SetAuthorized("admin.ann").SetRoles(Roles.Admin);
        Context.Render<MudBlazor.MudPopoverProvider>();
        var page = Context.Render<PvpRegistry.Web.Features.Audit.AuditLogPage>();
        page.WaitForAssertion(() => Assert.NotEmpty(page.FindAll("[data-testid=audit-table] tbody tr td")));
        Assert.Equal("YYYY-MM-DD", page.Find("[data-testid=audit-from] input").GetAttribute("placeholder"));

        // Found and changed in one renderer turn: the page re-renders as its rows load.
        await page.InvokeAsync(() => page.Find("[data-testid=audit-from] input").Change("2999-01-01"));
        page.WaitForAssertion(() => Assert.Contains("No audit entries match", page.Find("[data-testid=audit-table]").TextContent));
        Assert.EndsWith("?from=2999-01-01", page.Find("[data-testid=audit-export]").GetAttribute("href"));

        // Text that is no date is ignored, and the box says what to type.
        await page.InvokeAsync(() => page.Find("[data-testid=audit-from] input").Change("01/05/2999"));
        page.WaitForAssertion(() => Assert.DoesNotContain("No audit entries match", page.Find("[data-testid=audit-table]").TextContent));
        page.WaitForAssertion(() => Assert.Contains(PvpRegistry.Web.Components.Shared.IsoDateConverter.WhatToType, page.Find("[data-testid=audit-from]").TextContent));
        Assert.EndsWith("/export/audit.csv?", page.Find("[data-testid=audit-export]").GetAttribute("href"));

        await page.InvokeAsync(() => page.Find("[data-testid=audit-to] input").Change("2000-01-01"));
        page.WaitForAssertion(() => Assert.Contains("No audit entries match", page.Find("[data-testid=audit-table]").TextContent));
        Assert.EndsWith("?to=2000-01-01", page.Find("[data-testid=audit-export]").GetAttribute("href"));
    }

    [Fact]
    public void An_audit_value_keeps_each_date_on_one_line_and_is_cut_after_57_characters_with_the_whole_value_in_its_tooltip()
    {
        const string created = "AssessmentDate=2023-09-11; EnteredAtUtc=2026-12-02T09:18:37; Kps=70; Vas=4.0";
        var value = Context.Render<PvpRegistry.Web.Features.Audit.AuditValue>(p => p.Add(v => v.Value, created));

        var shown = value.Find("span[title]");
        Assert.Equal(created, shown.GetAttribute("title"));
        Assert.Equal(created[..57] + "...", shown.TextContent);
        Assert.Equal(["2023-09-11", "2026-12-02"], value.FindAll("span.nowrap").Select(d => d.TextContent));

        var plain = Context.Render<PvpRegistry.Web.Features.Audit.AuditValue>(p => p.Add(v => v.Value, "Answered"));
        Assert.Equal("Answered", plain.Find("span[title]").TextContent);
        Assert.Empty(plain.FindAll("span.nowrap"));
    }

    [Fact]
    public async Task An_admin_exports_the_audit_trail_as_csv_with_old_and_new_values_and_reasons()
    {
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
        {
            db.Actor = "nurse.x";
            db.ChangeReason = "transcription error";
            var a = await db.Assessments.OrderBy(x => x.Id).FirstAsync();
            a.Kps = a.Kps == 90 ? 80 : 90;
            await db.SaveChangesAsync();
        }
        var client = await _factory.SignedInAsync(Roles.Admin);
        var response = await client.GetAsync("/export/audit.csv?user=nurse.x");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        Assert.Equal("\"id\",\"at_utc\",\"user\",\"action\",\"entity\",\"record_key\",\"field\",\"old_value\",\"new_value\",\"reason\"", lines[0]);
        var line = Assert.Single(lines.Skip(1));
        Assert.Contains("\"nurse.x\",\"updated\",\"Assessment\"", line);
        Assert.Contains("\"Kps\"", line);
        Assert.EndsWith("\"transcription error\"", line);
    }

    [Fact]
    public async Task A_user_name_that_is_a_formula_is_exported_with_a_leading_apostrophe_and_the_id_stays_a_number()
    {
        const string formula = "=HYPERLINK(\"x\")";
        long id;
        await using (var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
        {
            db.Actor = formula;
            db.ChangeReason = "-1 day";
            var a = await db.Assessments.OrderBy(x => x.Id).FirstAsync();
            a.Kps = a.Kps == 90 ? 80 : 90;
            await db.SaveChangesAsync();
            id = await db.AuditTrail.Where(e => e.User == formula).Select(e => e.Id).SingleAsync();
        }
        var client = await _factory.SignedInAsync(Roles.Admin);
        var response = await client.GetAsync("/export/audit.csv?user=HYPERLINK");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');
        var line = Assert.Single(lines.Skip(1));
        Assert.StartsWith($"{id},\"", line);
        Assert.Contains(",\"'=HYPERLINK(\"\"x\"\")\",\"updated\",\"Assessment\",", line);
        Assert.EndsWith(",\"'-1 day\"", line);
    }

    [Fact]
    public async Task Only_admins_reach_the_audit_log_and_its_export()
    {
        foreach (var role in new[] { Roles.Nurse, Roles.Surgeon, Roles.Researcher })
        {
            var client = await _factory.SignedInAsync(role);
            Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/export/audit.csv")).StatusCode);
            var page = await client.GetAsync("/admin/audit");
            Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
            Assert.Equal("/account/access-denied", page.Headers.Location!.AbsolutePath);
        }
        var admin = await _factory.SignedInAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/admin/users")).StatusCode);
    }

    [Fact]
    public async Task Role_changes_are_audited_with_old_and_new_roles()
    {
        var (name, _) = await _factory.CreateUserAsync(Roles.Nurse);
        await using (var scope = _factory.Services.CreateAsyncScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<PvpRegistry.Data.Users.UserAccounts>();
            var result = await accounts.SetRolesAsync(name, [Roles.Nurse, Roles.Surgeon], "admin.y");
            Assert.True(result.Succeeded);
        }
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditTrail.SingleAsync(a => a.Action == "role_change" && a.RecordKey == name);
        Assert.Equal(("admin.y", "Nurse", "Nurse,Surgeon"), (entry.User, entry.OldValue, entry.NewValue));
    }

    [Fact]
    public async Task Audit_lines_are_cut_to_their_column_length_whoever_writes_them()
    {
        var huge = "=" + new string('n', 1024 * 1024);
        await using (var scope = _factory.Services.CreateAsyncScope())
            await scope.ServiceProvider.GetRequiredService<PvpRegistry.Data.Users.UserAccounts>().AuditAsync(huge, "sign_in_failed", huge, null, null, huge, AuditReasons.DemoAccount(huge));
        await using var db = await _factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync();
        var entry = await db.AuditTrail.OrderByDescending(a => a.Id).FirstAsync(a => a.Action == "sign_in_failed" && a.User.StartsWith("=nnnn"));
        Assert.Equal(ClinicalLimits.UserMaxLength, entry.User.Length);
        Assert.EndsWith("\u2026", entry.User);
        Assert.Equal(64, entry.RecordKey!.Length);
        Assert.Equal(ClinicalLimits.FreeTextMaxLength, entry.NewValue!.Length);
        Assert.Equal(ClinicalLimits.ReasonMaxLength, entry.Reason!.Length);
        Assert.Equal(ClinicalLimits.FreeTextMaxLength, entry.ReasonArgs!.Length);
        // Its cut values no longer read as the code's values: the line keeps its stored (cut) English.
        Assert.Null(entry.CodedReason());
    }

    [Fact]
    public async Task One_page_of_the_audit_log_loads_at_most_the_page_limit_whatever_size_is_asked()
    {
        var log = _factory.Services.GetRequiredService<PvpRegistry.Web.Features.Audit.AuditLog>();
        var (rows, total) = await log.SearchAsync(TestPeople.As("admin.z", Roles.Admin), new(null, null, null, null, null, 0, int.MaxValue));
        Assert.True(total > PvpRegistry.Web.Features.Audit.AuditLog.MaxPageSize, $"only {total} audit lines to page through");
        Assert.Equal(PvpRegistry.Web.Features.Audit.AuditLog.MaxPageSize, rows.Count);
    }
}
