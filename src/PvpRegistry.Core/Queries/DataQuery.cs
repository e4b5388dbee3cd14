namespace PvpRegistry.Core;

public enum QueryStatus { Open, Answered, Closed }

/// <summary>
/// A question a researcher raises about one value of a patient's record (a discrepancy note): open until the nurse or
/// surgeon answers it, by correcting the value or by replying that it is right, and then closed by the researcher.
/// The target is named by entity, record id and field (e.g. Assessment 12 Vas), with a label for people ("Day 1 VAS").
/// </summary>
public class DataQuery : IVersioned
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }

    /// <summary>The entity the value belongs to: Patient, Procedure, FollowUpVisit or Assessment.</summary>
    public string TargetEntity { get; set; } = "";
    public int TargetId { get; set; }

    /// <summary>The field, as the entity names it (Vas, AssessmentDate, ExitDate, ...).</summary>
    public string TargetField { get; set; } = "";

    /// <summary>The value as people say it: "Day 1 VAS", "Death date".</summary>
    public string TargetLabel { get; set; } = "";

    /// <summary>Who answers: a nurse for follow-up data, a surgeon for the baseline and the procedure.</summary>
    public string AnswerRole { get; set; } = "";

    public string Question { get; set; } = "";
    public QueryStatus Status { get; set; } = QueryStatus.Open;
    public string OpenedBy { get; set; } = "";
    public DateTime OpenedAtUtc { get; set; }

    public string? Answer { get; set; }
    public string? AnsweredBy { get; set; }
    public DateTime? AnsweredAtUtc { get; set; }

    /// <summary>When the answer was a correction: the audit entry of the corrected value.</summary>
    public long? CorrectionAuditId { get; set; }

    public string? ClosedBy { get; set; }
    public DateTime? ClosedAtUtc { get; set; }

    public uint Version { get; set; }
}
