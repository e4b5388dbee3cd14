namespace PvpRegistry.Core;

public enum VitalStatus { Alive, Dead, Withdrawn, LostToFollowUp }

public enum VitalStatusEventKind { LastKnownAlive, Death, Withdrawal, LostToFollowUp }

/// <summary>A recorded change of vital status; the patient's current status is kept on <see cref="Patient"/>.</summary>
public class VitalStatusEvent
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public VitalStatusEventKind Kind { get; set; }
    public DateOnly Date { get; set; }
    public string? Cause { get; set; }
    public string RecordedBy { get; set; } = "";
    public DateTime RecordedAtUtc { get; set; }
    public Voiding? Voided { get; set; }
}

/// <summary>Survival time for analysis: procedure to death (event) or to the last date known alive (censored).</summary>
public readonly record struct SurvivalTime(int Days, bool Died)
{
    public const double DaysPerMonth = 30.4375;

    public double Months => Days / DaysPerMonth;

    /// <summary>
    /// Null when the patient has no follow-up date at all. A last known alive date before the procedure (the preop
    /// scores, the only contact yet) censors at day 0: the patient was alive on the day of the procedure.
    /// </summary>
    public static SurvivalTime? For(DateOnly procedureDate, VitalStatus status, DateOnly? exitDate, DateOnly? lastKnownAlive)
    {
        if (status == VitalStatus.Dead && exitDate is { } death) return new(death.DayNumber - procedureDate.DayNumber, true);
        var last = lastKnownAlive;
        if (status != VitalStatus.Alive && exitDate is { } exit && (last is null || exit > last)) last = exit;
        return last is { } l ? new(Math.Max(0, l.DayNumber - procedureDate.DayNumber), false) : null;
    }
}
