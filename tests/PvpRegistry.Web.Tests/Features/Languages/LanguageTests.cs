using System.Net;
using System.Xml.Linq;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>
/// The language of the pages: the browser's Accept-Language until a user chooses; the choice from the app bar is stored on
/// the account (audited) and follows the user to a new browser; formats stay YYYY-MM-DD whatever the language.
/// </summary>
public class LanguageTests(RegistryWebFactory factory) : IClassFixture<RegistryWebFactory>
{
    private static async Task<string> GetAsync(HttpClient client, string path, string acceptLanguage)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.AcceptLanguage.ParseAdd(acceptLanguage);
        var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }

    [Fact]
    public async Task The_sign_in_page_follows_the_browsers_language_until_one_is_chosen()
    {
        var chinese = await GetAsync(factory.NewClient(), "/account/login", "zh-CN,zh;q=0.9,en;q=0.5");
        Assert.Contains("""<html lang="zh-CN">""", chinese);
        Assert.Contains("<title>登录 - PvpRegistry</title>", chinese);
        Assert.Contains("用户名", chinese);

        var english = await GetAsync(factory.NewClient(), "/account/login", "en-GB,en;q=0.9");
        Assert.Contains("""<html lang="en">""", english);
        Assert.Contains("<title>Sign in - PvpRegistry</title>", english);

        // A language the registry does not offer falls back to English.
        Assert.Contains("<title>Sign in - PvpRegistry</title>", await GetAsync(factory.NewClient(), "/account/login", "fr-FR"));
    }

    [Fact]
    public async Task A_nurses_choice_is_stored_on_her_account_audited_and_follows_her_to_another_browser()
    {
        var (name, password) = await factory.CreateUserAsync(Roles.Nurse);
        var client = factory.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignedInClient.PostLoginAsync(client, name, password)).StatusCode);
        Assert.Contains("<title>Worklist - PvpRegistry</title>", await GetAsync(client, "/worklist", "en"));

        var switched = await SignedInClient.PostFormAsync(client, "/account/access-denied", "/account/language",
            new() { ["language"] = "zh-CN", ["returnUrl"] = "/worklist" });
        Assert.Equal(HttpStatusCode.Redirect, switched.StatusCode);
        Assert.Equal("/worklist", switched.Headers.Location?.ToString());

        var page = await GetAsync(client, "/worklist", "en");
        Assert.Contains("<title>随访工作列表 - PvpRegistry</title>", page);
        Assert.Contains("已逾期", page);
        Assert.Contains("今日应随访", page);

        await using (var db = await factory.Services.GetRequiredService<IDbContextFactory<RegistryDbContext>>().CreateDbContextAsync())
        {
            Assert.Equal("zh-CN", (await db.Users.SingleAsync(u => u.UserName == name)).Language);
            var audit = await db.AuditTrail.SingleAsync(a => a.Action == "language_change" && a.RecordKey == name);
            Assert.Equal("zh-CN", audit.NewValue);
        }

        // Another browser, set to English: the account's choice wins once she signs in there.
        var other = factory.NewClient();
        Assert.Equal(HttpStatusCode.Redirect, (await SignedInClient.PostLoginAsync(other, name, password)).StatusCode);
        var there = await GetAsync(other, "/worklist", "en-US");
        Assert.Contains("随访工作列表", there);
        Assert.Matches(@"\d{4}-\d{2}-\d{2}", there);
    }

    [Fact]
    public async Task A_language_the_registry_does_not_offer_is_refused()
    {
        var client = factory.NewClient();
        var response = await SignedInClient.PostFormAsync(client, "/account/login", "/account/language", new() { ["language"] = "xx", ["returnUrl"] = "/" });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public void Every_record_rule_message_has_a_text_in_every_language()
    {
        var keys = XDocument.Load(Path.Combine(RepositoryFolder.Root, "src", "PvpRegistry.Web", "Components", "Shared", "ValidationText.resx"))
            .Root!.Elements("data").Select(d => (string)d.Attribute("name")!).ToHashSet();
        // A rule with message variants has one text per variant (rule.variant); the completeness test checks the languages agree.
        var missing = RecordRules.All.Where(r => !keys.Contains(r.Code) && !keys.Any(k => k.StartsWith(r.Code + ".", StringComparison.Ordinal))).Select(r => r.Code).ToList();
        Assert.True(missing.Count == 0, "no text for: " + string.Join(", ", missing));
    }
}
