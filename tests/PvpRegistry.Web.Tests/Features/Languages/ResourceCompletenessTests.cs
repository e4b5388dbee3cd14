using System.Text.RegularExpressions;
using System.Xml.Linq;
using PvpRegistry.Web.Tests.Infrastructure;

namespace PvpRegistry.Web.Tests.Features.Languages;

/// <summary>
/// Every text a user reads comes from a resource file, one per feature and language: each language has exactly the
/// keys of the neutral (English) file, no empty value, and the same placeholders ({0}, {1}) as the English text.
/// </summary>
public partial class ResourceCompletenessTests
{
    private static readonly string[] Languages = ["zh-CN"];

    private static IEnumerable<string> NeutralFiles() =>
        RepositoryFolder.SourceFiles("*.resx").Where(f => !Languages.Any(l => f.EndsWith($".{l}.resx", StringComparison.Ordinal)));

    private static Dictionary<string, string> Read(string file) =>
        XDocument.Load(file).Root!.Elements("data").ToDictionary(d => (string)d.Attribute("name")!, d => (string?)d.Element("value") ?? "");

    [GeneratedRegex(@"\{[^{}]+\}")]
    private static partial Regex Placeholder();

    private static string Placeholders(string text) => string.Join(" ", Placeholder().Matches(text).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));

    [Fact]
    public void The_web_screens_have_resource_files()
    {
        var files = NeutralFiles().Select(Path.GetFileName).ToList();
        Assert.Contains("SharedText.resx", files);
        Assert.Contains("WorklistText.resx", files);
        Assert.Contains("MudBlazorText.resx", files);
    }

    [Fact]
    public void Every_language_has_exactly_the_keys_of_the_english_texts_with_no_empty_value_and_the_same_placeholders()
    {
        var problems = new List<string>();
        foreach (var neutral in NeutralFiles())
        {
            var english = Read(neutral);
            var name = Path.GetRelativePath(RepositoryFolder.Root, neutral);
            problems.AddRange(english.Where(e => string.IsNullOrWhiteSpace(e.Value)).Select(e => $"{name}: '{e.Key}' is empty"));
            foreach (var language in Languages)
            {
                var translated = neutral[..^".resx".Length] + $".{language}.resx";
                if (!File.Exists(translated)) { problems.Add($"{name}: no {language} file"); continue; }
                var other = Read(translated);
                problems.AddRange(english.Keys.Except(other.Keys).Select(k => $"{name}: '{k}' is missing in {language}"));
                problems.AddRange(other.Keys.Except(english.Keys).Select(k => $"{name}: '{k}' is in {language} but not in English"));
                problems.AddRange(other.Where(o => string.IsNullOrWhiteSpace(o.Value)).Select(o => $"{name}: '{o.Key}' is empty in {language}"));
                problems.AddRange(other.Where(o => english.TryGetValue(o.Key, out var e) && Placeholders(e) != Placeholders(o.Value))
                    .Select(o => $"{name}: '{o.Key}' has placeholders '{Placeholders(english[o.Key])}' in English but '{Placeholders(o.Value)}' in {language}"));
            }
        }
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }
}
