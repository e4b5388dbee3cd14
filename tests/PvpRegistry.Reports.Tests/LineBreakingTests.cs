using PvpRegistry.Reports.Pdf;

namespace PvpRegistry.Reports.Tests;

/// <summary>Where report lines break: at spaces, and between Chinese characters, never inside a Latin word or number or before closing punctuation.</summary>
public sealed class LineBreakingTests
{
    [Fact]
    public void English_breaks_at_spaces_only()
    {
        Assert.Equal(["Kaplan-Meier", "survival", "(n", "=", "62)"], LineBreaking.Units("Kaplan-Meier survival (n = 62)").Select(u => u.Text));
    }

    [Fact]
    public void Chinese_breaks_between_any_two_characters()
    {
        Assert.Equal(["中", "位", "生", "存", "期"], LineBreaking.Units("中位生存期").Select(u => u.Text));
    }

    [Fact]
    public void Closing_punctuation_stays_with_the_character_before_it_and_opening_with_the_one_after()
    {
        var units = LineBreaking.Units("生存率，中位数（月）。").Select(u => u.Text).ToList();
        Assert.Equal(["生", "存", "率，", "中", "位", "数", "（月）。"], units);
    }

    [Fact]
    public void Latin_words_and_numbers_in_chinese_text_are_not_split()
    {
        var units = LineBreaking.Units("按 Kaplan-Meier 法估计，P = 0.023。").ToList();
        Assert.Contains(("Kaplan-Meier", true), units);
        Assert.Contains(("0.023。", true), units);
        Assert.Equal(["按", "Kaplan-Meier", "法", "估", "计，", "P", "=", "0.023。"], units.Select(u => u.Text));
    }

    [Fact]
    public void A_wrapped_chinese_paragraph_keeps_every_character_and_no_line_starts_with_closing_punctuation()
    {
        const string text = "生存时间自手术起算，至死亡或最后确认存活日期（删失），以月计。采用 Kaplan-Meier 法估计生存率；方差采用 Greenwood 公式。";
        var lines = PdfBuilder.Wrap(text, TextStyle.Body, 120);
        Assert.True(lines.Count > 3);
        Assert.All(lines, l => Assert.True(PdfBuilder.Measure(l, TextStyle.Body) <= 120.01f, $"'{l}' is wider than the line."));
        Assert.All(lines.Skip(1), l => Assert.DoesNotContain(l[0], "，。；）"));
        Assert.Equal(text.Replace(" ", ""), string.Concat(lines).Replace(" ", ""));
        Assert.Contains(lines, l => l.Contains("Kaplan-Meier", StringComparison.Ordinal));
    }
}
