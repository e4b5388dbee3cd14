using System.Text.RegularExpressions;
using PvpRegistry.Core;
using PvpRegistry.Data.StudyCsv;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Reports.Patients;
using PvpRegistry.Reports.Study;
using SkiaSharp;

namespace PvpRegistry.Reports.Tests;

/// <summary>The study report and the patient summary in Chinese: the glossary's words come back out, the font is small, the pages hold.</summary>
public sealed partial class ChineseReportTests(ChineseDemoReport demo, ChineseLargeReport large)
    : IClassFixture<ChineseDemoReport>, IClassFixture<ChineseLargeReport>
{
    [Fact]
    public void The_chinese_study_report_stays_under_3_MB_on_the_demo_and_on_248_patients()
    {
        Assert.Equal(248, large.Records.Count);
        Assert.InRange(demo.Pdf.Length, 1, 3 * 1024 * 1024);
        Assert.InRange(large.Pdf.Length, 1, 3 * 1024 * 1024);
    }

    [Fact]
    public void Text_extraction_gives_the_chinese_terms_of_the_glossary_back()
    {
        foreach (var text in new[] { demo.Text, large.Text })
        {
            var all = string.Join("\n", text.AllLines);
            Assert.Contains("对数秩检验", all);
            Assert.Contains("中位生存期", all);
            Assert.Contains("Kaplan-Meier 生存曲线", all);
            Assert.Contains("Cox 比例风险回归", all);
            Assert.Contains("重复测量方差分析", all);
            Assert.Contains("基线特征", all);
            Assert.Contains("风险人数", all);
            Assert.Contains("合成演示数据", all);
            Assert.Contains(text.AllLines, l => l.StartsWith("表 4. 按因素分组的 Kaplan-Meier 生存分析", StringComparison.Ordinal));
            // The numbers keep their one format: decimal point, dates YYYY-MM-DD, p as journals print it.
            Assert.Contains("2026-06-01 12:00:00 UTC", all);
            Assert.Contains("P < 0.001", all);
            Assert.DoesNotContain("Page ", all);
            Assert.DoesNotContain("Table 1.", all);
        }
    }

    [Fact]
    public void The_statistics_engines_notes_are_in_chinese_with_no_english_sentence_left()
    {
        // The demo's notes (the repeated-measures exclusion) and a two-patient cohort's (tests the data cannot support, each
        // with its reason as specific as the English, a log-rank test without a second level, a Cox model that cannot be fitted).
        var tiny = DemoReport.ReadCohort().Take(2).ToArray();
        var info = new StudyReportInfo("test", new DateTimeOffset(2026, 6, 1, 12, 0, 0, TimeSpan.Zero), StudyCsvFingerprint.Compute(tiny), CohortFilter.None,
            Language: ReportText.Chinese);
        var tinyText = new PdfText(StudyReport.Generate(tiny, info));
        foreach (var (text, expected) in new[] { (demo.Text, "VAS 重复测量方差分析："), (tinyText, "年龄的组间 t 检验未计算：t 检验每组至少需要 2 个数值（实际分别为") })
        {
            var notes = string.Join("\n", text.Section(ReportText.Chinese["Notes_Heading"], ReportText.Chinese["Figures_Heading"]));
            Assert.Contains(expected, notes);
            Assert.DoesNotContain(" not computed", notes);
            Assert.DoesNotContain("excluded", notes);
            Assert.DoesNotContain("Log-rank test by", notes);
            Assert.DoesNotContain("repeated-measures ANOVA", notes);
            Assert.DoesNotMatch(EnglishWords(), notes); // three English words in a row: a sentence left in English
        }
    }

    [Fact]
    public void Figures_are_numbered_and_captioned_in_chinese_in_reading_order()
    {
        foreach (var text in new[] { demo.Text, large.Text })
        {
            var captions = text.AllLines.Select(l => FigureCaption().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.Equal(Enumerable.Range(1, 13), captions);
        }
    }

    [Fact]
    public void Pages_are_filled_and_no_caption_or_heading_is_left_at_a_page_end()
    {
        foreach (var text in new[] { demo.Text, large.Text })
            PageLayout.AssertPagesFilled(text, line => FigureCaption().IsMatch(line) || TableCaption().IsMatch(line) || Headings.Contains(line));
    }

    [Fact]
    public void No_word_lies_outside_its_page_or_over_another()
    {
        PageLayout.AssertNoWordOutsideThePageOrOverlapping(demo.Text);
        PageLayout.AssertNoWordOutsideThePageOrOverlapping(large.Text);
    }

    [Fact]
    public void The_patient_summary_is_in_chinese_on_one_sheet_with_the_same_dates_and_numbers()
    {
        var patient = demo.Records.First(r => r.Dead && r.Group == TreatmentGroup.PvpI125);
        var pdf = PatientSummaryReport.Generate(patient, new DateOnly(2026, 6, 1), syntheticDemo: true, language: ReportText.Chinese);
        var text = new PdfText(pdf);
        var all = string.Join("\n", text.AllLines);
        Assert.Contains("患者摘要", all);
        Assert.Contains("随访节点", all);
        Assert.Contains("PVP + ¹²⁵I", all);
        Assert.Contains($"死亡 {Formats.Date(patient.StatusDate)}", all);
        Assert.Contains("术后 1 个月", all);
        Assert.Contains("打印日期 2026-06-01", all);
        Assert.Single(text.Pages);
        PageLayout.AssertNoWordOutsideThePageOrOverlapping(text);
    }

    [Fact]
    public void Every_character_of_the_chinese_texts_a_report_can_print_has_a_glyph_in_the_shipped_font()
    {
        // A character neither DejaVu nor the Noto subset has would print as a box: the subset must be made again (Fonts/README).
        // The report's own texts, and the registry's coded messages it prints as the reasons of its notes.
        var messages = new System.Resources.ResourceManager("PvpRegistry.Core.Messages.MessageText", typeof(RegistryMessage).Assembly)
            .GetResourceSet(System.Globalization.CultureInfo.GetCultureInfo("zh-CN"), createIfNotExists: true, tryParents: false)
            ?? throw new InvalidOperationException("The Chinese registry messages are not embedded.");
        var texts = ReportText.Chinese.Texts().Values.Concat(messages.Cast<System.Collections.DictionaryEntry>().Select(e => (string)e.Value!)).ToList();
        using var latin = new SKFont(ReportFonts.Regular);
        using var cjk = new SKFont(ReportFonts.CjkRegular);
        using var cjkBold = new SKFont(ReportFonts.CjkBold);
        var missing = texts.SelectMany(v => v).Where(c => !char.IsWhiteSpace(c)).Distinct()
            .Where(c => !latin.ContainsGlyph(c) && !(cjk.ContainsGlyph(c) && cjkBold.ContainsGlyph(c))).ToArray();
        Assert.True(missing.Length == 0, $"No glyph for: {string.Concat(missing)}");
    }

    [Fact]
    public void Both_languages_have_the_same_report_texts()
    {
        var english = ReportText.English.Texts();
        var chinese = ReportText.Chinese.Texts();
        Assert.Empty(english.Keys.Except(chinese.Keys));
        Assert.Empty(chinese.Keys.Except(english.Keys));
        // Placeholders match, so a format never drops or invents a number.
        foreach (var (key, value) in english)
            Assert.True(Placeholders(value).SetEquals(Placeholders(chinese[key])), $"'{key}' has other placeholders in Chinese.");
    }

    [Theory]
    [InlineData("zh-CN", "zh-CN")]
    [InlineData("zh-Hans", "zh-CN")]
    [InlineData("en-US", "en")]
    [InlineData("", "en")]
    public void A_user_interface_culture_chooses_the_report_language(string culture, string language) =>
        Assert.Equal(language, ReportText.ForCulture(culture).Language);

    private static HashSet<string> Placeholders(string text) => Placeholder().Matches(text).Select(m => m.Value).ToHashSet();

    private static readonly HashSet<string> Headings = ["方法", "图", "预后指数", "排除情况与未计算的检验"];

    [GeneratedRegex(@"^图 (\d+)\. ")]
    private static partial Regex FigureCaption();

    [GeneratedRegex(@"^表 \d+[a-z]?\.")]
    private static partial Regex TableCaption();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\b[A-Za-z]+ [a-z]+ [a-z]+\b")]
    private static partial Regex EnglishWords();
}
