using System.Globalization;
using System.Net;
using System.Text;
using Microsoft.AspNetCore.Components;
using PvpRegistry.Reports;
using PvpRegistry.Reports.Figures;
using SkiaSharp;

namespace PvpRegistry.Web.Features.Dashboards;

/// <summary>Figures of the shared model as inline, responsive SVG, with optional hover regions.</summary>
public static class FigureSvg
{
    private static readonly System.Text.RegularExpressions.Regex PathData = new("\\sd=\"[^\"]*\"", System.Text.RegularExpressions.RegexOptions.Compiled);
    private static readonly System.Text.RegularExpressions.Regex LongDecimals = new(@"(\.\d)\d+", System.Text.RegularExpressions.RegexOptions.Compiled);

    /// <summary>The figure drawn at a nominal size, scaled to the container's width.</summary>
    public static MarkupString Inline(Figure figure, int width, int height, string? overlay = null, string? label = null)
    {
        // Path coordinates to a tenth of a unit (the renderer writes "73.419998"): invisible on screen, about half the
        // bytes of a large cohort's curves, bands and censor marks sent on each redraw. Text (p-values) is left as it is.
        var svg = PathData.Replace(figure.ToSvg(width, height), m => LongDecimals.Replace(m.Value, "$1"));
        int start = svg.IndexOf("<svg", StringComparison.Ordinal);
        if (start > 0) svg = svg[start..];
        int tagEnd = svg.IndexOf('>');
        var attributes = $" viewBox=\"0 0 {width} {height}\" preserveAspectRatio=\"xMidYMid meet\" style=\"width:100%;height:auto;max-width:{width * 1.25}px\" role=\"img\"" +
                         (label is null ? "" : $" aria-label=\"{WebUtility.HtmlEncode(label)}\"");
        var head = svg[..tagEnd];
        head = System.Text.RegularExpressions.Regex.Replace(head, "\\s(width|height)=\"[^\"]*\"", "");
        svg = head + attributes + svg[tagEnd..];
        if (overlay is not null)
        {
            int close = svg.LastIndexOf("</svg>", StringComparison.Ordinal);
            svg = svg[..close] + overlay + svg[close..];
        }
        return new MarkupString(svg);
    }

    /// <summary>
    /// Transparent half-month columns over the plot area of a Kaplan-Meier figure, each with a
    /// &lt;title&gt; (in the figure's language) giving every curve's survival and number at risk at that time (read from the Core curves):
    /// the browser shows it on hover, no script needed.
    /// </summary>
    public static string KaplanMeierHover(KaplanMeierFigure figure, int width, int height, double? step = null)
    {
        double columnMonths = step ?? (figure.MaxMonths > 48 ? 1 : 0.5); // a long axis: month columns, about as wide as half-months on 36

        var layout = figure.Layout(new SKRect(0, 0, width, height));
        var area = layout.PlotArea;
        var sb = new StringBuilder("<g class=\"km-hover\">");
        for (double t = 0; t < figure.MaxMonths - 1e-9; t += columnMonths)
        {
            float x0 = layout.X.Map(t), x1 = layout.X.Map(Math.Min(figure.MaxMonths, t + columnMonths));
            var title = new StringBuilder(figure.Text.Format("Km_MarkedMonths", Formats.Months(t)));
            foreach (var s in figure.Series)
                title.Append('\n').Append(figure.Text.Format("Km_HoverLine", s.Label, Formats.Percent(s.Curve.At(t).Survival), s.Curve.NumberAtRisk(t)));
            sb.Append(CultureInfo.InvariantCulture,
                $"<rect x=\"{x0:0.##}\" y=\"{area.Top:0.##}\" width=\"{x1 - x0:0.##}\" height=\"{area.Height:0.##}\" fill=\"transparent\" data-month=\"{t:0.0}\"><title>{WebUtility.HtmlEncode(title.ToString())}</title></rect>");
        }
        return sb.Append("</g>").ToString();
    }
}
