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
        var firstSeen = new int[labels.Count];
        for (int i = 0; i < labels.Count; i++)
        {
            var label = labels[i] ?? throw new ArgumentException($"Group label at position {i} is missing.");
            if (!index.TryGetValue(label, out int code)) { code = index.Count; index.Add(label, code); }
            firstSeen[i] = code;
        }
        var distinct = index.Keys.ToArray();
        bool numeric = distinct.All(s => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out _));
        var ordered = numeric
            ? distinct.OrderBy(s => double.Parse(s, CultureInfo.InvariantCulture)).ThenBy(s => s, StringComparer.Ordinal).ToArray()
            : distinct.OrderBy(s => s, StringComparer.Ordinal).ToArray();
        var remap = new int[distinct.Length];
        for (int k = 0; k < ordered.Length; k++) remap[index[ordered[k]]] = k;
        var codes = new int[labels.Count];
        for (int i = 0; i < codes.Length; i++) codes[i] = remap[firstSeen[i]];
        return new GroupLevels(ordered, codes);
    }
}
