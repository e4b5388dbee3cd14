using System.Net;
using System.Text;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Reminders;

/// <summary>The daily digest e-mail: patients by study ID and visit, grouped by reminder kind; names and MRNs only when configured.</summary>
public static class ReminderDigest
{
    private static readonly (ReminderKind Kind, string Title)[] Sections =
    [
        (ReminderKind.Overdue, "Overdue"),
        (ReminderKind.ClosingSoon, "Window closing soon"),
        (ReminderKind.WindowOpens, "Window open"),
    ];

    public static (string Subject, string Text, string Html) Compose(DateOnly day, IReadOnlyList<DigestLine> lines, bool includeIdentifiers)
    {
        var date = day.ToString("yyyy-MM-dd");
        var subject = $"PvpRegistry follow-up reminders for {date} ({lines.Count})";
        var text = new StringBuilder();
        var html = new StringBuilder();
        text.AppendLine($"Follow-up reminders raised on {date}.").AppendLine();
        html.Append("<html><body style=\"font-family:sans-serif\">")
            .Append($"<p>Follow-up reminders raised on {date}.</p>");
        foreach (var (kind, title) in Sections)
        {
            var section = lines.Where(l => l.Kind == kind).ToList();
            if (section.Count == 0) continue;
            text.AppendLine($"{title} ({section.Count}):");
            html.Append($"<h3>{title} ({section.Count})</h3><table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr><th>Study ID</th><th>Visit</th><th>Window</th>")
                .Append(includeIdentifiers ? "<th>Name</th><th>MRN</th>" : "").Append("</tr>");
            foreach (var l in section)
            {
                var window = $"{l.WindowStart:yyyy-MM-dd}..{l.WindowEnd:yyyy-MM-dd}";
                var who = includeIdentifiers ? $"  {l.Name ?? "-"}  MRN {l.Mrn ?? "-"}" : "";
                text.AppendLine($"  {l.StudyId}  {l.Visit.Code()}  window {window}{who}");
                html.Append("<tr><td>").Append(E(l.StudyId)).Append("</td><td>").Append(E(l.Visit.Code())).Append("</td><td>").Append(window).Append("</td>");
                if (includeIdentifiers) html.Append("<td>").Append(E(l.Name ?? "-")).Append("</td><td>").Append(E(l.Mrn ?? "-")).Append("</td>");
                html.Append("</tr>");
            }
            text.AppendLine();
            html.Append("</table>");
        }
        text.AppendLine("Open the worklist in PvpRegistry to record the visits.");
        html.Append("<p>Open the worklist in PvpRegistry to record the visits.</p></body></html>");
        return (subject, text.ToString(), html.ToString());
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
