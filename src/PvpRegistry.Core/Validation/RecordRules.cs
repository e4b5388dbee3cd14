using System.Globalization;

namespace PvpRegistry.Core;

/// <summary>What a record-level rule does when a record breaks it.</summary>
public enum RuleOutcome
{
    /// <summary>The save or import is refused.</summary>
    Refused,

    /// <summary>Saved, and listed as a protocol deviation on the quality page.</summary>
    Deviation,
}

/// <summary>One record-level rule: a stable code (used by the quality page and <c>pvp quality</c>), what it checks and its outcome.</summary>
public sealed record RecordRule(string Code, string What, RuleOutcome Outcome);

/// <summary>Which fact of the record a violation is about (the one an entry path would change to resolve it).</summary>
public enum FactKind { Procedure, Consent, Enrolment, Death, LastKnownAlive, Assessment, Contact, PrimaryTumor, Segments, Eligibility }

/// <summary>A fact of one patient's record: its kind and, for assessments and contacts, the visit; for eligibility, the criterion.</summary>
public readonly record struct FactRef(FactKind Kind, VisitCode? Visit = null, string? Criterion = null)
{
    /// <summary>The record as written in the quality list, e.g. <c>assessment day1</c>, <c>death</c>, <c>eligibility FrankelD</c>.</summary>
    public override string ToString() => Kind switch
    {
        FactKind.Assessment or FactKind.Contact when Visit is { } v => $"{Name(Kind)} {v.Code()}",
        FactKind.Eligibility when Criterion is { } c => $"eligibility {c}",
        _ => Name(Kind),
    };

    private static string Name(FactKind kind) => kind switch
    {
        FactKind.LastKnownAlive => "last_known_alive",
        FactKind.PrimaryTumor => "primary_tumor",
        _ => kind.ToString().ToLowerInvariant(),
    };
}

/// <summary>
/// One broken rule in one patient's record, with a message naming both facts and their dates. The message's code (the
/// rule's, or the rule's with a variant: <c>assessment_before_procedure.preop</c>) and its arguments (dates, visits,
/// numbers, in the order of the message) let the screens show it in the user's language.
/// </summary>
public sealed record RuleViolation(RecordRule Rule, string Message, FactRef Fact)
{
    public bool IsRefused => Rule.Outcome == RuleOutcome.Refused;

    public string MessageCode { get; init; } = Rule.Code;

    public IReadOnlyList<object> Args { get; init; } = [];

    /// <summary>The violation as a problem of the form's field <paramref name="field"/>, with its code and arguments.</summary>
    public ValidationProblem ToProblem(string field) => new(field, Message) { Code = MessageCode, Args = Args };
}

/// <summary>An assessment of a visit: the visit, its stored window and the assessment date.</summary>
public readonly record struct AssessmentFact(VisitCode Visit, VisitWindow Window, DateOnly Date);

/// <summary>A contact attempt about a visit, on a date in the registry's time zone.</summary>
public readonly record struct ContactFact(VisitCode Visit, VisitWindow Window, DateOnly Date);

/// <summary>The facts of one patient's record that the record-level rules compare.</summary>
public sealed record PatientFacts
{
    public Sex Sex { get; init; }
    public PrimaryTumor PrimaryTumor { get; init; }
    public int SegmentCount { get; init; }
    public IReadOnlyList<SpinalLevel> InvolvedLevels { get; init; } = [];
    public DateOnly? ConsentDate { get; init; }
    public DateOnly? EnrolmentDate { get; init; }
    public DateOnly? ProcedureDate { get; init; }
    public DateOnly? DeathDate { get; init; }
    public DateOnly? LastKnownAlive { get; init; }
    public IReadOnlyList<AssessmentFact> Assessments { get; init; } = [];
    public IReadOnlyList<ContactFact> Contacts { get; init; } = [];
    public FrankelGrade? FrankelGrade { get; init; }
    public int? PreopKps { get; init; }
    public Eligibility Eligibility { get; init; } = new();
    public DateOnly Today { get; init; }

    /// <summary>
    /// The facts of a patient as stored (not voided procedures, assessments; contacts as dates in <paramref name="zone"/>).
    /// Procedures, visits, their assessments and contact attempts must be loaded.
    /// </summary>
    public static PatientFacts Of(Patient p, DateOnly today, TimeZoneInfo zone)
    {
        var assessed = p.Visits.Select(v => (Visit: v, Assessment: v.CurrentAssessment)).Where(x => x.Assessment is not null).ToList();
        return new PatientFacts
        {
            Sex = p.Sex, PrimaryTumor = p.PrimaryTumor, SegmentCount = p.SegmentCount, InvolvedLevels = p.InvolvedLevels,
            ConsentDate = p.ConsentDate, EnrolmentDate = p.EnrolmentDate,
            ProcedureDate = p.Procedures.Where(x => x.Voided is null).Select(x => (DateOnly?)x.Date).Min(),
            DeathDate = p.VitalStatus == VitalStatus.Dead ? p.ExitDate : null,
            LastKnownAlive = p.LastKnownAliveDate,
            Assessments = assessed.Select(x => new AssessmentFact(x.Visit.Code, x.Visit.Window, x.Assessment!.AssessmentDate)).ToList(),
            Contacts = p.Visits.SelectMany(v => v.ContactAttempts.Select(c =>
                new ContactFact(v.Code, v.Window, RegistryTime.DayOf(c.AttemptedAtUtc, zone)))).ToList(),
            FrankelGrade = p.FrankelGrade,
            PreopKps = assessed.Where(x => x.Visit.Code == VisitCode.Preop).Select(x => x.Assessment!.Kps).FirstOrDefault(),
            Eligibility = p.Eligibility,
            Today = today,
        };
    }
}

/// <summary>
/// The record-level rules of the clinical rules: one patient's facts must not contradict each other. Pure
/// functions; every entry path (screens and services, <c>pvp import</c>, the demo loader) and the quality
/// list apply them through <see cref="Check"/>. Single-field checks (ranges, steps) stay in <see cref="ClinicalValidation"/>.
/// </summary>
public static class RecordRules
{
    public static readonly RecordRule AssessmentBeforeProcedure = new("assessment_before_procedure",
        "An assessment dated before the procedure (a preop assessment only inside its window, up to day 0)", RuleOutcome.Refused);
    public static readonly RecordRule ContactBeforeProcedure = new("contact_before_procedure",
        "A contact dated before the procedure (about the preop visit only inside its window, up to day 0)", RuleOutcome.Refused);
    public static readonly RecordRule AssessmentAfterDeath = new("assessment_after_death",
        "An assessment dated after death (equally: a death before an assessment)", RuleOutcome.Refused);
    public static readonly RecordRule ContactAfterDeath = new("contact_after_death", "A contact dated after death", RuleOutcome.Refused);
    public static readonly RecordRule DeathBeforeProcedure = new("death_before_procedure", "A death before the procedure", RuleOutcome.Refused);
    public static readonly RecordRule DeathBeforeLastKnownAlive = new("death_before_last_known_alive",
        "A death before the last known alive date (equally: last known alive after death)", RuleOutcome.Refused);
    public static readonly RecordRule LastKnownAliveInFuture = new("last_known_alive_in_future", "Last known alive in the future", RuleOutcome.Refused);
    public static readonly RecordRule LastKnownAliveBeforeAssessment = new("last_known_alive_before_assessment",
        "Last known alive before the latest assessment (a score proves the patient was alive that day)", RuleOutcome.Refused);
    public static readonly RecordRule ProcedureBeforeConsent = new("procedure_before_consent", "The procedure before the consent date", RuleOutcome.Refused);
    public static readonly RecordRule ProcedureBeforeEnrolment = new("procedure_before_enrolment", "The procedure before the enrolment date", RuleOutcome.Refused);
    public static readonly RecordRule SegmentsDifferFromLevels = new("segments_differ_from_levels",
        "The involved segment count differs from the chosen levels", RuleOutcome.Refused);
    public static readonly RecordRule ProstateInFemale = new("prostate_in_female", "A prostate primary in a female patient", RuleOutcome.Refused);
    public static readonly RecordRule EligibilityFrankelContradicted = new("eligibility_frankel_contradicted",
        "The \"Frankel grade D\" answer contradicts the baseline Frankel grade", RuleOutcome.Deviation);
    public static readonly RecordRule EligibilityKpsContradicted = new("eligibility_kps_contradicted",
        "A KPS criterion answer (\"KPS > 60\", \"KPS <= 40\") contradicts the preop KPS", RuleOutcome.Deviation);

    /// <summary>Every rule, in the order of the clinical rules table.</summary>
    public static IReadOnlyList<RecordRule> All { get; } =
    [
        AssessmentBeforeProcedure, ContactBeforeProcedure, AssessmentAfterDeath, ContactAfterDeath, DeathBeforeProcedure,
        DeathBeforeLastKnownAlive, LastKnownAliveInFuture, LastKnownAliveBeforeAssessment, ProcedureBeforeConsent,
        ProcedureBeforeEnrolment, SegmentsDifferFromLevels, ProstateInFemale, EligibilityFrankelContradicted, EligibilityKpsContradicted,
    ];

    /// <summary>Every rule the record breaks: refusals and protocol deviations.</summary>
    public static List<RuleViolation> Check(PatientFacts f)
    {
        var found = new List<RuleViolation>();
        void Add(RecordRule rule, FactRef fact, string message, object[] args, string? variant = null) =>
            found.Add(new(rule, message, fact) { MessageCode = variant is null ? rule.Code : $"{rule.Code}.{variant}", Args = args });

        if (f.ProcedureDate is { } procedure)
        {
            foreach (var a in f.Assessments)
                if (BeforeProcedureAllowed(a.Visit, a.Window, a.Date, procedure) is { } opens)
                    Add(AssessmentBeforeProcedure, new(FactKind.Assessment, a.Visit), BeforeProcedureMessage($"The {Label(a.Visit)} assessment", a.Visit, a.Date, procedure, opens),
                        BeforeProcedureArgs(a.Visit, a.Date, procedure, opens), BeforeProcedureVariant(a.Visit));
            foreach (var c in f.Contacts)
                if (BeforeProcedureAllowed(c.Visit, c.Window, c.Date, procedure) is { } opens)
                    Add(ContactBeforeProcedure, new(FactKind.Contact, c.Visit), BeforeProcedureMessage($"The contact about {Label(c.Visit)}", c.Visit, c.Date, procedure, opens),
                        BeforeProcedureArgs(c.Visit, c.Date, procedure, opens), BeforeProcedureVariant(c.Visit));
            if (f.ConsentDate is { } consent && procedure < consent)
                Add(ProcedureBeforeConsent, new(FactKind.Procedure), $"The procedure on {D(procedure)} is before the consent on {D(consent)}.", [procedure, consent]);
            if (f.EnrolmentDate is { } enrolled && procedure < enrolled)
                Add(ProcedureBeforeEnrolment, new(FactKind.Procedure), $"The procedure on {D(procedure)} is before the enrolment on {D(enrolled)}.", [procedure, enrolled]);
            if (f.DeathDate is { } died && died < procedure)
                Add(DeathBeforeProcedure, new(FactKind.Death), $"The death on {D(died)} is before the procedure on {D(procedure)}.", [died, procedure]);
        }

        if (f.DeathDate is { } death)
        {
            foreach (var a in f.Assessments.Where(a => a.Date > death))
                Add(AssessmentAfterDeath, new(FactKind.Assessment, a.Visit), $"The {Label(a.Visit)} assessment on {D(a.Date)} is after the death on {D(death)}.", [a.Visit, a.Date, death]);
            foreach (var c in f.Contacts.Where(c => c.Date > death))
                Add(ContactAfterDeath, new(FactKind.Contact, c.Visit), $"The contact about {Label(c.Visit)} on {D(c.Date)} is after the death on {D(death)}.", [c.Visit, c.Date, death]);
            if (f.LastKnownAlive is { } alive && alive > death)
                Add(DeathBeforeLastKnownAlive, new(FactKind.Death), $"The death on {D(death)} is before the last known alive date {D(alive)}.", [death, alive]);
        }

        if (f.LastKnownAlive is { } known)
        {
            if (known > f.Today)
                Add(LastKnownAliveInFuture, new(FactKind.LastKnownAlive), $"The last known alive date {D(known)} is after today, {D(f.Today)}.", [known, f.Today]);
            // A death closes the record: its date, not last known alive, is then the latest proof of life.
            if (f.DeathDate is null && f.Assessments.Count > 0 && f.Assessments.MaxBy(a => a.Date) is var latest && latest.Date > known)
                Add(LastKnownAliveBeforeAssessment, new(FactKind.LastKnownAlive),
                    $"The last known alive date {D(known)} is before the {Label(latest.Visit)} assessment on {D(latest.Date)}.", [known, latest.Visit, latest.Date]);
        }

        // Imported records carry the count without levels; the patient form requires the levels.
        int levels = f.InvolvedLevels.Distinct().Count();
        if (levels > 0 && levels != f.SegmentCount)
            Add(SegmentsDifferFromLevels, new(FactKind.Segments),
                $"{f.SegmentCount} involved segment{(f.SegmentCount == 1 ? " is" : "s are")} recorded but {levels} level{(levels == 1 ? " is" : "s are")} chosen ({string.Join(", ", f.InvolvedLevels.Distinct().Order())}).",
                [f.SegmentCount, levels, string.Join(", ", f.InvolvedLevels.Distinct().Order())]);

        if (f.PrimaryTumor == PrimaryTumor.Prostate && f.Sex == Sex.Female)
            Add(ProstateInFemale, new(FactKind.PrimaryTumor), "The primary tumour is prostate but the patient is female.", []);

        var e = f.Eligibility;
        if (e.FrankelD is { } frankelD && f.FrankelGrade is { } grade && frankelD != (grade == FrankelGrade.D))
            Add(EligibilityFrankelContradicted, new(FactKind.Eligibility, Criterion: nameof(Eligibility.FrankelD)),
                $"\"Frankel grade D\" is answered {YesNo(frankelD)} but the baseline Frankel grade is {grade}.", [grade.ToString()], frankelD ? "yes" : "no");
        if (f.PreopKps is { } kps)
        {
            if (e.KpsOver60 is { } over60 && over60 != (kps > 60))
                Add(EligibilityKpsContradicted, new(FactKind.Eligibility, Criterion: nameof(Eligibility.KpsOver60)),
                    $"\"KPS > 60\" is answered {YesNo(over60)} but the preop KPS is {kps}.", [kps], over60 ? "over60_yes" : "over60_no");
            if (e.KpsAtMost40OrOrganFailure == false && kps <= 40)
                Add(EligibilityKpsContradicted, new(FactKind.Eligibility, Criterion: nameof(Eligibility.KpsAtMost40OrOrganFailure)),
                    $"\"KPS <= 40 or organ failure\" is answered no but the preop KPS is {kps}.", [kps], "at_most40_no");
        }
        return found;
    }

    /// <summary>The violations of <paramref name="after"/> that <paramref name="before"/> did not have (same rule, same message).</summary>
    public static List<RuleViolation> NewViolations(IEnumerable<RuleViolation> before, IEnumerable<RuleViolation> after)
    {
        var known = before.Select(v => (v.Rule.Code, v.Message)).ToHashSet();
        return after.Where(v => !known.Contains((v.Rule.Code, v.Message))).ToList();
    }

    /// <summary>Null when a date on or after the procedure, or a preop date inside the preop window, is allowed; else the preop window's first day.</summary>
    private static DateOnly? BeforeProcedureAllowed(VisitCode visit, VisitWindow window, DateOnly date, DateOnly procedure)
    {
        if (date >= procedure) return null;
        if (visit == VisitCode.Preop && date >= window.Start) return null;
        return visit == VisitCode.Preop ? window.Start : procedure;
    }

    private static string BeforeProcedureMessage(string what, VisitCode visit, DateOnly date, DateOnly procedure, DateOnly opens) =>
        visit == VisitCode.Preop
            ? $"{what} on {D(date)} is before its window opens on {D(opens)} (procedure on {D(procedure)})."
            : $"{what} on {D(date)} is before the procedure on {D(procedure)}.";

    /// <summary>The arguments of a before-the-procedure message: the visit, the date, the procedure and (preop) the window's first day.</summary>
    private static object[] BeforeProcedureArgs(VisitCode visit, DateOnly date, DateOnly procedure, DateOnly opens) =>
        visit == VisitCode.Preop ? [visit, date, opens, procedure] : [visit, date, procedure];

    private static string? BeforeProcedureVariant(VisitCode visit) => visit == VisitCode.Preop ? "preop" : null;

    private static string Label(VisitCode code) => FollowUpSchedule.Default[code].Label;

    private static string YesNo(bool answer) => answer ? "yes" : "no";

    private static string D(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
