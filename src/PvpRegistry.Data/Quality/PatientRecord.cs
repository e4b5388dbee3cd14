using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Quality;

/// <summary>Loading a patient's whole record (what the record-level rules compare) and checking a change against them.</summary>
public static class PatientRecord
{
    /// <summary>The patient with procedures, visits, their assessments and contact attempts.</summary>
    public static IQueryable<Patient> WithRecord(this IQueryable<Patient> patients) =>
        patients.AsSplitQuery()
            .Include(p => p.Procedures)
            .Include(p => p.Visits).ThenInclude(v => v.Assessments)
            .Include(p => p.Visits).ThenInclude(v => v.ContactAttempts);

    /// <summary>The facts of a loaded record, "today" and contact dates in the registry's time zone.</summary>
    public static PatientFacts FactsOf(Patient patient, RegistryClock clock) => PatientFacts.Of(patient, clock.Today, clock.Zone);

    /// <summary>Every rule a loaded record breaks (refusals and protocol deviations), as the quality list and the patient's screens show them.</summary>
    public static List<RuleViolation> Check(Patient patient, RegistryClock clock) => RecordRules.Check(FactsOf(patient, clock));

    /// <summary>Remembers what a record breaks before a change, so that after it only what the change breaks is refused.</summary>
    public static RecordGuard Guard(Patient patient, RegistryClock clock) => new(patient, clock);
}

/// <summary>
/// The one check every service runs around a change: <see cref="PatientRecord.Guard"/> before changing the loaded
/// record, <see cref="ThrowIfBroken"/> after. A record that already broke a rule (data imported before the rules
/// existed) is listed on the quality page; it does not block unrelated entries, but nothing new may break a rule.
/// </summary>
public sealed class RecordGuard
{
    private readonly Patient _patient;
    private readonly RegistryClock _clock;
    private readonly List<RuleViolation> _before;

    internal RecordGuard(Patient patient, RegistryClock clock)
    {
        _patient = patient;
        _clock = clock;
        _before = PatientRecord.Check(patient, clock);
    }

    /// <summary>The refused violations the change brought (not those the record had before).</summary>
    public List<RuleViolation> NewRefusals() =>
        RecordRules.NewViolations(_before, PatientRecord.Check(_patient, _clock)).Where(v => v.IsRefused).ToList();

    /// <summary>The refusals as problems of the form, each under the field <paramref name="field"/> names for it.</summary>
    public List<ValidationProblem> Problems(Func<RuleViolation, string> field) =>
        NewRefusals().Select(v => v.ToProblem(field(v))).ToList();

    /// <summary>Refuses the change when it breaks a rule, every problem under <paramref name="field"/>.</summary>
    public void ThrowIfBroken(string field)
    {
        var problems = Problems(_ => field);
        if (problems.Count > 0) throw new ClinicalValidationException(problems);
    }
}
