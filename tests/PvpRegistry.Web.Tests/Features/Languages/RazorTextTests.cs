using System.Text.RegularExpressions;

namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>
/// No text a user reads is written in a .razor file: every piece of text between tags and every literal user-facing
/// attribute (Label, Title, aria-label...) comes from a resource file, so both languages show it. Names that are not
/// language (VAS, KPS, the product's name, units, key names) may stand as they are.
/// </summary>
public partial class RazorTextTests
{
    /// <summary>Words that are the same in every language: measures, the product, units, key names, the date format.</summary>
    private static readonly HashSet<string> NotLanguage = new(StringComparer.Ordinal)
    {
        "VAS", "KPS", "PvpRegistry", "PVP", "I", "mL", "mCi", "Gy", "Alt", "T", "Enter", "Esc", "YYYY", "MM", "DD",
    };

    /// <summary>
    /// Screens being localized in another change at the same time (dashboards, reports, administration, audit log,
    /// password change), relative to the web project: they leave this list as they are done.
    /// </summary>
    private static readonly HashSet<string> NotYetLocalized = new(StringComparer.Ordinal)
    {
        "Features/Account/ChangePassword.razor",
        "Features/Admin/AdminPage.razor",
        "Features/Admin/ReminderSettings.razor",
        "Features/Admin/UsersPage.razor",
        "Features/Audit/AuditLogPage.razor",
        "Features/Dashboards/BaselinePanel.razor",
        "Features/Dashboards/CompletenessPanel.razor",
        "Features/Dashboards/DashboardsPage.razor",
        "Features/Dashboards/FunctionPanel.razor",
        "Features/Dashboards/PainPanel.razor",
        "Features/Dashboards/PanelHeader.razor",
        "Features/Dashboards/PrognosisPanel.razor",
        "Features/Dashboards/SurvivalPanel.razor",
        "Features/Reports/ReportsPage.razor",
    };

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    private static bool IsWords(string text) => Word().Matches(text).Any(m => !NotLanguage.Contains(m.Value));

    private static IReadOnlyList<RazorLiteral> Literals(string razor) => RazorText.Find(razor, IsWords);

    private static string WebProject()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PvpRegistry.sln"))) dir = dir.Parent;
        return Path.Combine(dir?.FullName ?? throw new InvalidOperationException("The repository root (PvpRegistry.sln) is not above the test's output."), "src", "PvpRegistry.Web");
    }

    private static IEnumerable<string> RazorFiles() =>
        Directory.EnumerateFiles(WebProject(), "*.razor", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Select(f => Path.GetRelativePath(WebProject(), f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal);

    [Theory]
    [InlineData("<MudButton OnClick=\"Save\">Save patient</MudButton>", "Save patient")]
    [InlineData("<MudTextField Label=\"Reason\" @bind-Value=\"x.Reason\" />", "Reason")]
    [InlineData("<div aria-label=\"Involved levels\"></div>", "Involved levels")]
    [InlineData("<MudTextField Label=\"@($\"{level} cement\")\" /> <p>Total: @x mL</p>", "Total:")]
    [InlineData("@if (a < b) { <MudText>Nothing yet</MudText> } else { <span>@T[\"X\"]</span> }", "Nothing yet")]
    [InlineData("@foreach (var v in Visits) { var label = \"not shown\"; <td>@label to go</td> }", "to go")]
    [InlineData("@code { private RenderFragment F => __builder => { <MudRadio Value=\"true\">Yes</MudRadio> }; }", "Yes")]
    [InlineData("<p>@(x ? \"a\" : \"b\") Answer: @q.Answer</p>", "Answer:")]
    [InlineData("<MudChip>@Format.Date(a?.Date) by @q.OpenedBy</MudChip>", "by")]
    public void The_scan_finds_text_a_user_reads(string razor, string expected) =>
        Assert.Equal([expected], Literals(razor).Select(l => l.Text));

    [Theory]
    [InlineData("@page \"/patients\"\n@inject IStringLocalizer<PatientText> T\n<PageTitle>@S[\"SiteTitle\", T[\"Title\"]]</PageTitle>")]
    [InlineData("<MudTextField Label=\"@T[\"Question\"]\" Class=\"query-reply mt-2\" data-testid=\"query-question\" />")]
    [InlineData("@* A comment with words *@<!-- and another --><style>.a { color: red; }</style><code>pvp import</code>")]
    [InlineData("@code { private string _error = \"Not for the scan: a C# string\"; bool Less(int a, int b) => a < b; List<string> Names = []; }")]
    [InlineData("<text x=\"@X(i)\" text-anchor=\"middle\" class=\"tick\">@Codes.Code(Visits[i])</text><span>VAS</span> (Alt+T) &nbsp;")]
    [InlineData("<p>@(_x is { } v ? $\"{v} \\\"quoted\\\" {(v > 1 ? \"s\" : \"\")}\" : \"none\")</p>")]
    [InlineData("@if (x) { <b>@a</b> } else if (y) {\n@:@b\n} else { <i>@c</i> }\n<style>@@media print { .a { color: red; } }</style>")]
    [InlineData("@foreach (var r in Rows) {\n@* the visit's entry *@\n<li>@r.Name</li> }")]
    public void The_scan_leaves_code_comments_styles_and_expressions_alone(string razor) =>
        Assert.Empty(Literals(razor));

    [Fact]
    public void No_screen_writes_text_a_user_reads_in_its_markup()
    {
        var problems = RazorFiles().Where(f => !NotYetLocalized.Contains(f))
            .SelectMany(f => Literals(File.ReadAllText(Path.Combine(WebProject(), f))).Select(l => $"{f} {l}"))
            .ToList();
        Assert.True(problems.Count == 0, "Text written in markup instead of a resource file:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void The_list_of_screens_not_yet_localized_holds_only_screens_that_still_write_text()
    {
        var files = RazorFiles().ToHashSet(StringComparer.Ordinal);
        var stale = NotYetLocalized.Where(f => !files.Contains(f) || Literals(File.ReadAllText(Path.Combine(WebProject(), f))).Count == 0).ToList();
        Assert.True(stale.Count == 0, "Localized or gone, take them off the list: " + string.Join(", ", stale));
    }
}
