using System.Globalization;
using Microsoft.Extensions.Localization;
using PvpRegistry.Core;
using PvpRegistry.Web.Components.Shared;

namespace PvpRegistry.Web.Features.Patients;

/// <summary>
/// One save of the audit trail as one line a clinician reads on the timeline: what it was about, each clinical value
/// old -> new in its usual form, and the reason once ("Day 1 VAS 4.0 -> 3.0, reason: transcription error").
/// Bookkeeping fields (who and when, versions, the visit windows a procedure date moves) are left out; the patient's
/// history page keeps every raw row.
/// </summary>
public class ChangeLines(IStringLocalizer<PatientText> T, RegistryText texts)
{
    private static readonly HashSet<string> Bookkeeping = new(StringComparer.Ordinal)
    {
        "Version", "EnteredBy", "EnteredAtUtc", "RecordedBy", "RecordedAtUtc", "MissedBy", "MissedAtUtc", "AgeAtProcedure",
        "Voided.AtUtc", "Voided.By", "Voided.Reason",
        // A visit's window follows the procedure date: a procedure correction is one line (its date), not one per visit.
        "TargetDate", "WindowStart", "WindowEnd",
    };

    /// <summary>What each record of the patient is called on a line, by (entity, key).</summary>
    public Dictionary<(string Entity, string Key), string> Subjects(Patient p)
    {
        string Key(int id) => id.ToString(CultureInfo.InvariantCulture);
        var subjects = new Dictionary<(string, string), string> { [(nameof(Patient), Key(p.Id))] = "" };
        foreach (var proc in p.Procedures) subjects[(nameof(Procedure), Key(proc.Id))] = T["Kind.Procedure"];
        foreach (var v in p.Visits)
        {
            var label = texts.Visit(v.Code);
            subjects[(nameof(FollowUpVisit), Key(v.Id))] = label;
            foreach (var a in v.Assessments) subjects[(nameof(Assessment), Key(a.Id))] = label;
            foreach (var c in v.ContactAttempts) subjects[(nameof(ContactAttempt), Key(c.Id))] = T["Change.ContactAbout", label];
        }
        return subjects;
    }

    /// <summary>The line for one save of one record, or null when nothing in it is for the timeline.</summary>
    public string? Describe(IReadOnlyDictionary<(string Entity, string Key), string> subjects, IReadOnlyList<AuditEntry> save, bool showIdentity)
    {
        var first = save[0];
        var subject = subjects.GetValueOrDefault((first.Entity, first.RecordKey ?? ""), "");
        var parts = new List<string>();
        foreach (var a in save)
        {
            if (a.Field is null || Bookkeeping.Contains(a.Field)) continue;
            if (!showIdentity && a.Field is "Name" or "Mrn" or "Phone") continue;
            if (a.Entity == nameof(FollowUpVisit) && a.Field == "MissedReason")
            {
                parts.Add(a.NewValue is null ? T["Change.Reopened", Value(a.Field, a.OldValue)] : T["Change.Missed", Value(a.Field, a.OldValue), Value(a.Field, a.NewValue)]);
                continue;
            }
            parts.Add(T["Change.Value", Label(a.Field), Value(a.Field, a.OldValue), Value(a.Field, a.NewValue)]);
        }
        if (parts.Count == 0) return null;
        var line = string.Join(texts["ListSeparator"], parts.Distinct());
        line = subject.Length == 0 ? Capital(line) : T["Change.Subject", subject, line];
        return texts.Reason(first) is { } why ? T["Change.WithReason", line, why] : line;
    }

    private string Label(string field) => field switch
    {
        "AssessmentDate" => texts.Field("Date"),
        _ when field.StartsWith("Eligibility.", StringComparison.Ordinal) => T["Change.Criterion", T[$"Criterion.{field["Eligibility.".Length..]}"]],
        _ => texts.Field(field),
    };

    /// <summary>A stored value in its usual form (<see cref="RegistryText.StoredValue"/>).</summary>
    public string Value(string field, string? value) => texts.StoredValue(field, value);

    private static string Capital(string s) => s.Length == 0 ? s : char.ToUpperInvariant(s[0]) + s[1..];
}
