using System.Text.RegularExpressions;
using PvpRegistry.Core;
using PvpRegistry.Reports.Study;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.WordExtractor;
using static PvpRegistry.Reports.Tests.Printed;

namespace PvpRegistry.Reports.Tests;

/// <summary>The study report read back with PdfPig: cell widths, fixed figure numbers, whole words and page filling.</summary>
public sealed partial class ReportLayoutTests(DemoReport demo, LargeReport large) : IClassFixture<DemoReport>, IClassFixture<LargeReport>
{
    private const double ContentTop = PageLayout.ContentTop, ContentBottom = PageLayout.ContentBottom;

    [Fact]
    public void Table_4_values_with_more_digits_than_the_demo_stay_on_one_line_in_their_cells()
    {
        var factors = large.Study.Survival;
        Assert.Contains(factors, f => f.LogRank?.ChiSquare >= 10); // two-digit chi-square, three decimals: "16.725"
        Assert.Contains(factors, f => f.LogRank?.P < 0.001);        // "<0.001", bold in the factor's row
        var table = large.Text.Section("Table 4.", "Table 5.");
        foreach (var f in factors)
        {
            var tail = $"{Fixed(Num(f.LogRank?.ChiSquare), 3)} {P(Num(f.LogRank?.P))}";
            Assert.True(table.Any(l => l.StartsWith(f.Label, StringComparison.Ordinal) && l.EndsWith(" " + tail, StringComparison.Ordinal)),
                $"Table 4 has no one-line row '{f.Label} ... {tail}' in\n{string.Join("\n", table)}");
        }
        // No cell of Table 4 wraps: between the header and the footnotes every line is a factor row or a level row.
        var labels = factors.Select(f => f.Label).Concat(factors.SelectMany(f => f.Groups.Select(g => Formats.FactorLevel(f.Factor, g.Name)))).ToArray();
        var body = table.TakeWhile(l => !l.StartsWith("Survival proportions", StringComparison.Ordinal))
            .Where(l => !(l.StartsWith("Table 4", StringComparison.Ordinal) || l.StartsWith("median survival", StringComparison.Ordinal)
                          || l.StartsWith("Factor / level", StringComparison.Ordinal) || l == "(mo)"
                          || l.StartsWith("Study report ·", StringComparison.Ordinal) || l.StartsWith("Page ", StringComparison.Ordinal)))
            .ToList();
        Assert.Equal(factors.Count + factors.Sum(f => f.Groups.Count), body.Count);
        Assert.All(body, l => Assert.Contains(labels, label => l.StartsWith(label + " ", StringComparison.Ordinal)));
    }

    [Fact]
    public void Figures_have_fixed_numbers_in_reading_order_with_the_prognostic_index_risk_groups()
    {
        foreach (var text in new[] { demo.Text, large.Text })
        {
            var captions = text.AllLines.Select(l => FigureCaption().Match(l)).Where(m => m.Success).Select(m => int.Parse(m.Groups[1].Value)).ToList();
            Assert.Equal(Enumerable.Range(1, 13), captions);
        }
        var lines = demo.Text.AllLines.ToList();
        foreach (var f in demo.Study.Survival)
            Assert.Contains(lines, l => l.StartsWith($"Figure {StudyFigureNumbers.Survival(f.Factor)}. Kaplan-Meier survival by", StringComparison.Ordinal));
        // The numbers the dashboards print as "Fig. N" are these.
        Assert.Contains(lines, l => l.StartsWith($"Figure {StudyFigureNumbers.Vas}. Pain (VAS)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Figure {StudyFigureNumbers.Kps}. KPS before surgery", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Figure {StudyFigureNumbers.Forest}. Hazard ratios", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Figure {StudyFigureNumbers.PrognosticGroups}. Kaplan-Meier survival by prognostic index risk group", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith($"Figure {StudyFigureNumbers.Completeness}. Follow-up completeness", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("Low risk (n = ", StringComparison.Ordinal) || l.Contains(" Low risk (n = ", StringComparison.Ordinal));
    }

    [Fact]
    public void Text_extraction_gives_whole_words_on_every_page()
    {
        foreach (var (text, pdf) in new[] { (demo.Text, demo.Pdf), (large.Text, large.Pdf) })
        {
            var words = text.Words.Where(w => w.Word.TextOrientation == TextOrientation.Horizontal).ToList();
            var all = words.Select(w => w.Word.Text).ToHashSet();
            Assert.Contains("with", all);
            Assert.Contains("Chi-square", all);
            Assert.Contains("between", all);
            Assert.DoesNotContain("ith", all);
            // A word split inside leaves two words almost touching; words and cells stand at least a narrow space apart.
            foreach (var line in words.GroupBy(w => (w.Page, Math.Round(w.Word.BoundingBox.Bottom, 1))))
            {
                var ordered = line.Select(w => w.Word).OrderBy(w => w.BoundingBox.Left).ToList();
                for (int i = 1; i < ordered.Count; i++)
                {
                    double gap = ordered[i].BoundingBox.Left - ordered[i - 1].BoundingBox.Right;
                    double size = ordered[i - 1].Letters[0].PointSize;
                    Assert.True(gap > 0.15 * size || gap < -size,
                        $"Page {line.Key.Page}: '{ordered[i - 1].Text}' and '{ordered[i].Text}' are {gap:0.00} pt apart: one word broken in two?");
                }
            }
            // The y-axis titles are set sideways; PdfPig's default extractor takes rotated letters one by one, its
            // nearest-neighbour extractor reads them as the words they are.
            using var document = PdfDocument.Open(pdf);
            var sideways = document.GetPages().SelectMany(p => p.GetWords(NearestNeighbourWordExtractor.Instance))
                .Where(w => w.TextOrientation is TextOrientation.Rotate90 or TextOrientation.Rotate270).Select(w => w.Text).ToHashSet();
            Assert.Contains("Survival", sideways);
            Assert.Contains("probability", sideways);
        }
    }

    [Fact]
    public void Pages_are_filled_and_no_caption_heading_or_single_line_is_left_at_a_page_end()
    {
        foreach (var text in new[] { demo.Text, large.Text })
        {
            PageLayout.AssertPagesFilled(text, line => FigureCaption().IsMatch(line) || TableCaption().IsMatch(line) || Headings.Contains(line));
            // The Spearman line stays with Table 3 (it once stood alone at the top of a page).
            var spearman = text.Lines.Select((lines, i) => (lines, i)).Single(p => p.lines.Any(l => l.Text.StartsWith("Preoperative KPS and survival time: Spearman", StringComparison.Ordinal)));
            var first = spearman.lines.Where(l => l.Top >= ContentTop - 2).MinBy(l => l.Top)!;
            Assert.False(first.Text.StartsWith("Preoperative KPS and survival time", StringComparison.Ordinal), $"Page {spearman.i + 1} starts with the Spearman line.");
        }
    }

    [Fact]
    public void No_word_lies_outside_its_page_or_over_another()
    {
        PageLayout.AssertNoWordOutsideThePageOrOverlapping(demo.Text);
        PageLayout.AssertNoWordOutsideThePageOrOverlapping(large.Text);
    }

    [Fact]
    public void Tables_are_kept_with_their_captions()
    {
        foreach (var text in new[] { demo.Text, large.Text })
            foreach (var lines in text.Lines)
            {
                var list = lines.OrderBy(l => l.Top).ToList();
                for (int i = 0; i < list.Count; i++)
                {
                    if (!TableCaption().IsMatch(list[i].Text) || list[i].Text.EndsWith("(continued)", StringComparison.Ordinal)) continue;
                    // Caption (maybe two lines), header and at least one row follow on the same page.
                    int rows = list.Skip(i + 1).Count(l => l.Bottom <= ContentBottom + 2);
                    Assert.True(rows >= 3, $"'{list[i].Text}' has only {rows} lines after it on its page.");
                }
            }
    }

    private static readonly HashSet<string> Headings = ["Methods", "Figures", "Prognostic index", "Exclusions and tests not computed"];

    [GeneratedRegex(@"^Figure (\d+)\. ")]
    private static partial Regex FigureCaption();

    [GeneratedRegex(@"^Table \d+[a-z]?\.")]
    private static partial Regex TableCaption();
}
