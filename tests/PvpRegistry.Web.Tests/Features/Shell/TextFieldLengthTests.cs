using System.Reflection;
using System.Text.RegularExpressions;
using PvpRegistry.Core;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Shell;

/// <summary>
/// Every box of every screen where a user types free text takes at most its column's length (a ClinicalLimits
/// constant, the one the database configuration uses), so a paste can neither exceed the column nor the page
/// connection's message limit. Dates and numbers (MudDatePicker, MudNumericField) are parsed, not stored as text: a
/// long paste there is cut by the browser-side guard of app.js.
/// </summary>
public partial class TextFieldLengthTests
{
    // A tag of a text box; attribute values are quoted and may hold '>' (lambdas such as For="() => x.Name").
    [GeneratedRegex("""<(?<tag>MudTextField|MudAutocomplete|InputText|InputTextArea|textarea|input)\b(?<attributes>(?:"[^"]*"|'[^']*'|[^'">])*)>""")]
    private static partial Regex TextBox();

    [GeneratedRegex(@"\btype=""(hidden|checkbox|radio|submit|button|file)""", RegexOptions.IgnoreCase)]
    private static partial Regex NotText();

    [GeneratedRegex(@"\bmaxlength=""@(?:PvpRegistry\.Core\.)?ClinicalLimits\.(?<limit>\w+)""", RegexOptions.IgnoreCase)]
    private static partial Regex MaxLengthAtColumn();

    [Fact]
    public void Every_text_box_of_every_screen_has_a_maxlength_at_its_column_length()
    {
        var columnLimits = typeof(ClinicalLimits).GetFields(BindingFlags.Public | BindingFlags.Static)
            .Where(f => f.IsLiteral && f.FieldType == typeof(int)).Select(f => f.Name).ToHashSet();
        var boxes = 0;
        var problems = new List<string>();
        foreach (var file in RepositoryFolder.SourceFiles("*.razor"))
        {
            var text = File.ReadAllText(file);
            foreach (Match box in TextBox().Matches(text))
            {
                if (NotText().IsMatch(box.Groups["attributes"].Value)) continue;
                boxes++;
                var limit = MaxLengthAtColumn().Match(box.Groups["attributes"].Value);
                if (!limit.Success || !columnLimits.Contains(limit.Groups["limit"].Value))
                {
                    var line = text[..box.Index].Count(c => c == '\n') + 1;
                    problems.Add($"{Path.GetRelativePath(RepositoryFolder.Root, file)}:{line} <{box.Groups["tag"].Value}> has no maxlength at a ClinicalLimits length");
                }
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
        // The scan sees the screens' boxes (about 40 today), not a moved folder's none.
        Assert.True(boxes >= 30, $"only {boxes} text boxes found in the .razor files");
    }
}
