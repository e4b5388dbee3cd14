namespace PvpRegistry.Reports.Pdf;

/// <summary>
/// Where a line of report text may break. English breaks at spaces; Chinese has none, so a line may also break between
/// two characters when one of them is Chinese (a Han character or CJK punctuation), except before closing punctuation
/// (，。、；：！？）」』》 ...) and after opening punctuation (（「『《 ...). A Latin word or a number is never split.
/// </summary>
public static class LineBreaking
{
    private const string Closing = "，。、；：！？）」』》〉】〕”’…·%,.;:!?)]}";
    private const string Opening = "（「『《〈【〔“‘([{";

    /// <summary>The units of a paragraph that are never broken inside, each with whether a space precedes it (spaces are dropped).</summary>
    public static IReadOnlyList<(string Text, bool SpaceBefore)> Units(string paragraph)
    {
        var units = new List<(string, bool)>();
        int start = -1;
        bool spaceBefore = false;
        for (int i = 0; i < paragraph.Length; i++)
        {
            char c = paragraph[i];
            if (c == ' ')
            {
                if (start >= 0) units.Add((paragraph[start..i], spaceBefore));
                start = -1;
                spaceBefore = true;
                continue;
            }
            if (start < 0) { start = i; continue; }
            if (CanBreakBetween(paragraph[i - 1], c))
            {
                units.Add((paragraph[start..i], spaceBefore));
                start = i;
                spaceBefore = false;
            }
        }
        if (start >= 0) units.Add((paragraph[start..], spaceBefore));
        return units;
    }

    /// <summary>Whether a line may break between two adjacent characters (no space between them).</summary>
    public static bool CanBreakBetween(char before, char after) =>
        (IsCjk(before) || IsCjk(after)) && !Closing.Contains(after) && !Opening.Contains(before);

    /// <summary>Han characters, CJK punctuation and fullwidth forms.</summary>
    public static bool IsCjk(char c) =>
        c is >= '\u2E80' and <= '\u9FFF' or >= '\uF900' and <= '\uFAFF' or >= '\uFE30' and <= '\uFE4F' or >= '\uFF00' and <= '\uFFEF';
}
