namespace PvpRegistry.Core;

public enum AssessmentSource { Clinic, Phone, Import }

/// <summary>VAS and KPS recorded for one visit, with who entered it, when, and from what source.</summary>
public class Assessment : IVersioned
{
    public int Id { get; set; }
    public int VisitId { get; set; }
    public FollowUpVisit? Visit { get; set; }

    /// <summary>VAS pain 0.0-10.0, one decimal (10 = worst pain).</summary>
    public decimal? Vas { get; set; }

    /// <summary>Karnofsky performance status 0-100, step 10.</summary>
    public int? Kps { get; set; }
    public DateOnly AssessmentDate { get; set; }
    public AssessmentSource Source { get; set; }
    public string EnteredBy { get; set; } = "";
    public DateTime EnteredAtUtc { get; set; }

    public Voiding? Voided { get; set; }
    public uint Version { get; set; }
}

public enum ContactOutcome { Reached, NoAnswer, WrongNumber, LeftMessage, Refused, Other }

/// <summary>A call or other attempt to reach the patient about a visit; corrected with a reason, never deleted.</summary>
public class ContactAttempt : IVersioned
{
    public int Id { get; set; }
    public int VisitId { get; set; }
    public DateTime AttemptedAtUtc { get; set; }
    public ContactOutcome Outcome { get; set; }
    public string? Note { get; set; }
    public string RecordedBy { get; set; } = "";
    public uint Version { get; set; }
}
