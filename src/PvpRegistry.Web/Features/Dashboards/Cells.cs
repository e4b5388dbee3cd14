using Microsoft.AspNetCore.Components;

namespace PvpRegistry.Web.Features.Dashboards;

/// <summary>Table cell content that wraps only where a reader expects it to.</summary>
public static class Cells
{
    /// <summary>
    /// An estimate and its confidence interval, <c>61.3% (48.2-77.9)</c>: a narrow column may put the interval
    /// on a second line, but never breaks inside the estimate or the interval. The text reads the same.
    /// </summary>
    public static RenderFragment EstimateCi(string text) => builder =>
    {
        int at = text.IndexOf(" (", StringComparison.Ordinal);
        builder.OpenElement(0, "span");
        builder.AddAttribute(1, "class", "nowrap");
        builder.AddContent(2, at < 0 ? text : text[..at]);
        builder.CloseElement();
        if (at < 0) return;
        builder.AddContent(3, " ");
        builder.OpenElement(4, "span");
        builder.AddAttribute(5, "class", "nowrap");
        builder.AddContent(6, text[(at + 1)..]);
        builder.CloseElement();
    };
}
