using System.Globalization;

namespace PvpRegistry.Core.Statistics;

/// <summary>
/// Group labels encoded as codes 0..k-1. Levels are ordered as R's <c>factor()</c> orders them:
/// numerically when every label is a number, otherwise by text (ordinal).
/// </summary>
public sealed class GroupLevels
{
    public GroupLevels(IReadOnlyList<string> names, int[] codes)
    {
        Names = names;
        Codes = codes;
    }

    public IReadOnlyList<string> Names { get; }
    public int[] Codes { get; }

    public static GroupLevels Encode(IReadOnlyList<string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var distinct = new List<string>();
        var codes = new int[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            var label = labels[i] ?? throw new ArgumentException($"Group label at position {i} is missing.");
            if (!index.TryGetValue(label, out int code)) { code = index.Count; index.Add(label, code); distinct.Add(label); }
            codes[i] = code;
        }
        return FromCodes(distinct, codes);
    }

    /// <summary>
    /// Levels from codes that index <paramref name="distinct"/> (e.g. in order of first appearance);
    /// the codes are rewritten in place to R's level order.
    /// </summary>
    public static GroupLevels FromCodes(IReadOnlyList<string> distinct, int[] codes)
    {
        ArgumentNullException.ThrowIfNull(distinct);
        ArgumentNullException.ThrowIfNull(codes);
        bool numeric = distinct.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var ordered = numeric
            ? distinct.Select((s, i) => (s, i)).OrderBy(x => double.Parse(x.s, CultureInfo.InvariantCulture)).ThenBy(x => x.s, StringComparer.Ordinal).ToArray()
            : distinct.Select((s, i) => (s, i)).OrderBy(x => x.s, StringComparer.Ordinal).ToArray();
        var remap = new int[distinct.Count];
        for (int k = 0; k < ordered.Length; k++) remap[ordered[k].i] = k;
        for (int i = 0; i < codes.Length; i++)
        {
            if ((uint)codes[i] >= (uint)remap.Length) throw new ArgumentException($"Group code at position {i} is out of range.");
            codes[i] = remap[codes[i]];
        }
        return new GroupLevels(ordered.Select(x => x.s).ToArray(), codes);
    }
}
