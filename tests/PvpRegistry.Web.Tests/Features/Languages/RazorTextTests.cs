using System.Text.RegularExpressions;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>
/// No text a user reads is written in a .razor file: every piece of text between tags and every literal user-facing
/// attribute (Label, Title, aria-label...) comes from a resource file, so both languages show it. Names that are not
/// language (VAS, KPS, the product's name, units, key names) may stand as they are.
/// </summary>
public partial class RazorTextTests
{
    /// <summary>
    /// Words that are the same in every language: measures, the product, units, key names, the date format, the
    /// statistical symbols that journals and SPSS print in every language (n, F, t, df, χ², B, SE, Wald, Exp(B), PI), TLS.
    /// </summary>
    private static readonly HashSet<string> NotLanguage = new(StringComparer.Ordinal)
    {
        "VAS", "KPS", "PvpRegistry", "PVP", "I", "mL", "mCi", "Gy", "Alt", "T", "Enter", "Esc", "YYYY", "MM", "DD",
        "n", "F", "t", "df", "χ", "B", "SE", "Wald", "Exp", "PI", "TLS",
    };

    [GeneratedRegex(@"\p{L}+")]
    private static partial Regex Word();

    private static bool IsWords(string text) => Word().Matches(text).Any(m => !NotLanguage.Contains(m.Value));

    private static IReadOnlyList<RazorLiteral> Literals(string razor) => RazorText.Find(razor, IsWords);

    private static string WebProject() => Path.Combine(RepositoryFolder.Root, "src", "PvpRegistry.Web");

    private static IEnumerable<string> RazorFiles() =>
        RepositoryFolder.SourceFiles("*.razor").Select(f => Path.GetRelativePath(WebProject(), f).Replace(Path.DirectorySeparatorChar, '/'));

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
        var problems = RazorFiles()
            .SelectMany(f => Literals(File.ReadAllText(Path.Combine(WebProject(), f))).Select(l => $"{f} {l}"))
            .ToList();
        Assert.True(problems.Count == 0, "Text written in markup instead of a resource file:" + Environment.NewLine + string.Join(Environment.NewLine, problems));
    }
}
