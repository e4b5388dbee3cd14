using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;

namespace PvpRegistry.Reports.Tests;

/// <summary>A PDF read back with PdfPig as lines of text per page (words on one baseline, left to right, single spaces).</summary>
public sealed class PdfText
{
    public IReadOnlyList<IReadOnlyList<string>> Pages { get; }
    public int ImageCount { get; }

    public PdfText(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var pages = new List<IReadOnlyList<string>>();
        int images = 0;
        foreach (Page page in document.GetPages())
        {
            images += page.GetImages().Count();
            var lines = page.GetWords()
                .GroupBy(w => Math.Round(w.BoundingBox.Bottom / 2.0))
                .OrderByDescending(g => g.Key)
                .Select(g => string.Join(" ", g.OrderBy(w => w.BoundingBox.Left).Select(w => w.Text)))
                .ToList();
            pages.Add(lines);
        }
        Pages = pages;
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
