using UglyToad.PdfPig.Content;

namespace PvpRegistry.Reports.Tests;

/// <summary>The layout rules every report's pages keep, in any language, checked on the PDF read back.</summary>
public static class PageLayout
{
    // The content area of a page (PdfBuilder: 20 mm margins, a running-header band above and the page number below).
    public const double ContentTop = 56.7 + 22, ContentBottom = 841.89 - 56.7 - 24;
    private const double PageWidth = 595.28, PageHeight = 841.89;

    /// <summary>
    /// Every page but the title page and the last is at least half full, and no page ends with a line that belongs with
    /// what follows it (a caption or a heading, told by <paramref name="keptWithNext"/>).
    /// </summary>
    public static void AssertPagesFilled(PdfText text, Func<string, bool> keptWithNext)
    {
        int total = text.Lines.Count;
        for (int page = 0; page < total; page++)
        {
            var content = text.Lines[page].Where(l => l.Top >= ContentTop - 2 && l.Bottom <= ContentBottom + 2).ToList();
            Assert.NotEmpty(content);
            var last = content.MaxBy(l => l.Bottom)!;
            Assert.False(keptWithNext(last.Text), $"Page {page + 1} ends with '{last.Text}'.");
            if (page == 0 || page == total - 1) continue;
            double filled = (last.Bottom - ContentTop) / (ContentBottom - ContentTop);
            Assert.True(filled >= 0.5, $"Page {page + 1} of {total} is only {filled:P0} filled; its last line is '{last.Text}'.");
        }
    }

    /// <summary>Every word lies on its page, and no two words are drawn over each other (clipped or overlapping labels).</summary>
    public static void AssertNoWordOutsideThePageOrOverlapping(PdfText text)
    {
        foreach (var page in text.Words.GroupBy(w => w.Page))
        {
            var words = page.Select(w => w.Word).Where(w => w.TextOrientation == TextOrientation.Horizontal && w.Text.Trim().Length > 0).ToList();
            foreach (var w in words)
            {
                var b = w.BoundingBox;
                Assert.True(b.Left >= 0 && b.Right <= PageWidth && b.Bottom >= 0 && b.Top <= PageHeight,
                    $"Page {page.Key}: '{w.Text}' lies outside the page ({b.Left:0.0}, {b.Bottom:0.0})-({b.Right:0.0}, {b.Top:0.0}).");
            }
            for (int i = 0; i < words.Count; i++)
                for (int j = i + 1; j < words.Count; j++)
                {
                    var (a, b) = (words[i].BoundingBox, words[j].BoundingBox);
                    double across = Math.Min(a.Right, b.Right) - Math.Max(a.Left, b.Left);
                    double up = Math.Min(a.Top, b.Top) - Math.Max(a.Bottom, b.Bottom);
                    Assert.False(across > 0.5 && up > 1.0,
                        $"Page {page.Key}: '{words[i].Text}' and '{words[j].Text}' overlap ({across:0.0} x {up:0.0} pt).");
                }
        }
    }
}
