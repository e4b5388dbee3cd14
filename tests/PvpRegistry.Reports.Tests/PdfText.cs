using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace PvpRegistry.Reports.Tests;

/// <summary>A PDF read back with PdfPig as lines of text per page (words on one baseline, left to right, single spaces).</summary>
public sealed class PdfText
{
    public IReadOnlyList<IReadOnlyList<string>> Pages { get; }

    /// <summary>The same lines with where they stand: distance from the top of the page to the line's top and bottom, in points.</summary>
    public IReadOnlyList<IReadOnlyList<PdfLine>> Lines { get; }

    /// <summary>Every word of every page as PdfPig's default <c>GetWords()</c> returns it, with its page number (1-based).</summary>
    public IReadOnlyList<(int Page, Word Word)> Words { get; }

    public double PageHeight { get; }
    public int ImageCount { get; }

    public PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = new List<IReadOnlyList<string>>();
        var layout = new List<IReadOnlyList<PdfLine>>();
        var words = new List<(int, Word)>();
        int images = 0;
        foreach (Page page in document.GetPages())
        {
            images += page.GetImages().Count();
            PageHeight = page.Height;
            var pageWords = page.GetWords().ToList();
            words.AddRange(pageWords.Select(w => (page.Number, w)));
            var lines = pageWords
                // By baseline: DejaVu and the CJK face have other descents, so a mixed line's words have other bottoms.
                .GroupBy(w => Math.Round(w.Letters[0].StartBaseLine.Y / 2.0))
                .OrderByDescending(g => g.Key)
                .Select(g => new PdfLine(string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)),
                    page.Height - g.Max(w => w.BoundingBox.Top), page.Height - g.Min(w => w.BoundingBox.Bottom)))
                .ToList();
            layout.Add(lines);
            pages.Add(lines.Select(l => l.Text).ToList());
        }
        Pages = pages;
        Lines = layout;
        Words = words;
        ImageCount = images;
    }

    public IEnumerable<string> AllLines => Pages.SelectMany(p => p);

    /// <summary>The lines from the first one starting with <paramref name="start"/> up to (not including) the first after it starting with <paramref name="end"/>.</summary>
    public IReadOnlyList<string> Section(string start, string end)
    {
        var lines = AllLines.ToList();
        int from = lines.FindIndex(l => l.StartsWith(start, StringComparison.Ordinal));
        Assert.True(from >= 0, $"No line starts with '{start}'.");
        int to = lines.FindIndex(from + 1, l => l.StartsWith(end, StringComparison.Ordinal));
        return lines.GetRange(from, (to < 0 ? lines.Count : to) - from);
    }
}

/// <summary>A line of text and its top and bottom, measured from the top of the page in points.</summary>
public sealed record PdfLine(string Text, double Top, double Bottom);
