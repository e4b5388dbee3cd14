using System.Net;
using System.Text;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Reminders;

/// <summary>
/// The daily digest e-mail in its recipient's language: patients by study ID and visit, grouped by reminder kind; names
/// and MRNs only when configured.
/// </summary>
public static class ReminderDigest
{
    private static readonly ReminderKind[] Sections = [ReminderKind.Overdue, ReminderKind.ClosingSoon, ReminderKind.WindowOpens];

    public static (string Subject, string Text, string Html) Compose(DateOnly day, IReadOnlyList<DigestLine> lines, bool includeIdentifiers, DigestText texts)
    {
        var date = day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var subject = texts["Subject", date, lines.Count];
        var text = new StringBuilder();
        var html = new StringBuilder();
        text.AppendLine(texts["Intro", date]).AppendLine();
        html.Append("<html><body style=\"font-family:sans-serif\">")
            .Append("<p>").Append(E(texts["Intro", date])).Append("</p>");
        foreach (var kind in Sections)
        {
            var section = lines.Where(l => l.Kind == kind).ToList();
            if (section.Count == 0) continue;
            var title = texts[$"Section.{kind}"];
            text.AppendLine(texts["SectionCount", title, section.Count]);
            html.Append("<h3>").Append(E(texts["SectionHeading", title, section.Count])).Append("</h3><table border=\"1\" cellpadding=\"4\" cellspacing=\"0\"><tr>")
                .Append("<th>").Append(E(texts["Col.StudyId"])).Append("</th><th>").Append(E(texts["Col.Visit"])).Append("</th><th>").Append(E(texts["Col.Window"])).Append("</th>");
            if (includeIdentifiers) html.Append("<th>").Append(E(texts["Col.Name"])).Append("</th><th>").Append(E(texts["Col.Mrn"])).Append("</th>");
            html.Append("</tr>");
            foreach (var l in section)
            {
                var window = $"{l.WindowStart:yyyy-MM-dd}..{l.WindowEnd:yyyy-MM-dd}";
                var visit = texts[$"Visit.{l.Visit.Code()}"];
                var who = includeIdentifiers ? texts["Who", l.Name ?? "-", l.Mrn ?? "-"] : "";
                text.AppendLine(texts["Line", l.StudyId, visit, window] + who);
                html.Append("<tr><td>").Append(E(l.StudyId)).Append("</td><td>").Append(E(visit)).Append("</td><td style=\"white-space:nowrap\">").Append(window).Append("</td>");
                if (includeIdentifiers) html.Append("<td>").Append(E(l.Name ?? "-")).Append("</td><td>").Append(E(l.Mrn ?? "-")).Append("</td>");
                html.Append("</tr>");
            }
            text.AppendLine();
            html.Append("</table>");
        }
        text.AppendLine(texts["Outro"]);
        html.Append("<p>").Append(E(texts["Outro"])).Append("</p></body></html>");
        return (subject, text.ToString(), html.ToString());
    }

    private static string E(string s) => WebUtility.HtmlEncode(s);
}
