namespace PvpRegistry.Core;

/// <summary>A patient screened for the registry, with baseline data and eligibility.</summary>
public class Patient : IVersioned
{
    public int Id { get; set; }

    /// <summary>Generated, e.g. PVP-0001; never reused. Shown first everywhere.</summary>
    public string StudyId { get; set; } = "";

    /// <summary>Hospital medical record number; unique when recorded. Identifying.</summary>
    public string? Mrn { get; set; }

    /// <summary>Full name. Identifying.</summary>
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public Sex Sex { get; set; }
    public DateOnly? BirthDate { get; set; }

    /// <summary>Age in whole years at the procedure (computed from the birth date when it is known).</summary>
    public int AgeAtProcedure { get; set; }

    public TreatmentGroup Group { get; set; }
    public PrimaryTumor PrimaryTumor { get; set; }

    /// <summary>Free text when <see cref="PrimaryTumor"/> is Other.</summary>
    public string? PrimaryTumorOther { get; set; }
    public PrimaryGrowth PrimaryGrowth { get; set; }
    public MetastaticSite MetastaticSite { get; set; }

    /// <summary>Number of involved spinal segments (1, 2, 3, ...).</summary>
    public int SegmentCount { get; set; }

    /// <summary>Involved levels, when recorded.</summary>
    public List<SpinalLevel> InvolvedLevels { get; set; } = [];
    public bool VisceralMetastasis { get; set; }
    public FrankelGrade? FrankelGrade { get; set; }
    public DateOnly? EnrolmentDate { get; set; }
    public DateOnly? ConsentDate { get; set; }

    public Eligibility Eligibility { get; set; } = new();
    public EnrolmentStatus EnrolmentStatus { get; set; } = EnrolmentStatus.Enrolled;
    public string? ScreenFailureReason { get; set; }

    /// <summary>The nurse responsible for follow-up (receives the reminder digest).</summary>
    public string? ResponsibleNurseId { get; set; }

    public VitalStatus VitalStatus { get; set; } = VitalStatus.Alive;

    /// <summary>Death date when dead; withdrawal or loss date when withdrawn or lost.</summary>
    public DateOnly? ExitDate { get; set; }
    public string? DeathCause { get; set; }

    /// <summary>The last date the patient was known to be alive (updated by any contact).</summary>
    public DateOnly? LastKnownAliveDate { get; set; }

    public Voiding? Voided { get; set; }
    public uint Version { get; set; }

    public List<Procedure> Procedures { get; set; } = [];
    public List<FollowUpVisit> Visits { get; set; } = [];
    public List<VitalStatusEvent> VitalStatusEvents { get; set; } = [];

    public bool IsVoided => Voided is not null;

    /// <summary>The date from which nothing of this patient is due any more (death, withdrawal, loss), if any.</summary>
    public FollowUpClosure? Closure => ClosureOf(VitalStatus, ExitDate);

    /// <summary>The closure of a patient with this vital status and exit date (see <see cref="Closure"/>).</summary>
    public static FollowUpClosure? ClosureOf(VitalStatus status, DateOnly? exitDate) => status switch
    {
        VitalStatus.Dead when exitDate is { } d => new FollowUpClosure(d, MissedReason.Died),
        VitalStatus.Withdrawn when exitDate is { } d => new FollowUpClosure(d, MissedReason.Withdrew),
        VitalStatus.LostToFollowUp when exitDate is { } d => new FollowUpClosure(d, MissedReason.Lost),
        _ => null,
    };

    public static int AgeOn(DateOnly birthDate, DateOnly on)
    {
        int age = on.Year - birthDate.Year;
        if (on < birthDate.AddYears(age)) age--;
        return age;
    }
}

/// <summary>
/// The study's inclusion and exclusion checklist, recorded criterion by criterion. Every answer starts
/// unanswered (null): the surgeon answers each one; enrolment needs them all answered.
/// </summary>
public class Eligibility
{
    // Inclusion: each must be true.
    public bool? PathologicalDiagnosis { get; set; }
    public bool? OsteoblasticLumbosacralDestruction { get; set; }
    public bool? LowBackPainMainComplaint { get; set; }
    public bool? ExpectedSurvivalOver3Months { get; set; }
    public bool? FrankelD { get; set; }
    public bool? KpsOver60 { get; set; }
    public bool? FitForSurgeryProne { get; set; }
    public bool? PainRefractoryToConservative { get; set; }

    // Exclusion: each must be false.
    public bool? PrimarySpinalMalignancy { get; set; }
    public bool? CannotCompleteFollowUp { get; set; }
    public bool? RefusesSurgery { get; set; }
    public bool? KpsAtMost40OrOrganFailure { get; set; }

    public static IReadOnlyList<(string Name, string Label, bool IsInclusion, Func<Eligibility, bool?> Get, Action<Eligibility, bool?> Set)> Criteria { get; } =
    [
        (nameof(PathologicalDiagnosis), "Pathological diagnosis of the primary tumour or the vertebra", true, e => e.PathologicalDiagnosis, (e, v) => e.PathologicalDiagnosis = v),
        (nameof(OsteoblasticLumbosacralDestruction), "Osteoblastic destruction of lumbosacral vertebrae", true, e => e.OsteoblasticLumbosacralDestruction, (e, v) => e.OsteoblasticLumbosacralDestruction = v),
        (nameof(LowBackPainMainComplaint), "Low back pain is the main complaint", true, e => e.LowBackPainMainComplaint, (e, v) => e.LowBackPainMainComplaint = v),
        (nameof(ExpectedSurvivalOver3Months), "Expected survival > 3 months", true, e => e.ExpectedSurvivalOver3Months, (e, v) => e.ExpectedSurvivalOver3Months = v),
        (nameof(FrankelD), "Frankel grade D", true, e => e.FrankelD, (e, v) => e.FrankelD = v),
        (nameof(KpsOver60), "KPS > 60", true, e => e.KpsOver60, (e, v) => e.KpsOver60 = v),
        (nameof(FitForSurgeryProne), "Fit for surgery, can lie prone 1-2 h", true, e => e.FitForSurgeryProne, (e, v) => e.FitForSurgeryProne = v),
        (nameof(PainRefractoryToConservative), "Pain not relieved by drugs or physiotherapy", true, e => e.PainRefractoryToConservative, (e, v) => e.PainRefractoryToConservative = v),
        (nameof(PrimarySpinalMalignancy), "Primary spinal malignancy", false, e => e.PrimarySpinalMalignancy, (e, v) => e.PrimarySpinalMalignancy = v),
        (nameof(CannotCompleteFollowUp), "Cannot complete follow-up", false, e => e.CannotCompleteFollowUp, (e, v) => e.CannotCompleteFollowUp = v),
        (nameof(RefusesSurgery), "Refuses surgery", false, e => e.RefusesSurgery, (e, v) => e.RefusesSurgery = v),
        (nameof(KpsAtMost40OrOrganFailure), "KPS <= 40 or organ failure", false, e => e.KpsAtMost40OrOrganFailure, (e, v) => e.KpsAtMost40OrOrganFailure = v),
    ];

    /// <summary>A checklist answered as an eligible patient's: every inclusion met, no exclusion present (imported and demo patients).</summary>
    public static Eligibility AllMet()
    {
        var e = new Eligibility();
        foreach (var c in Criteria) c.Set(e, c.IsInclusion);
        return e;
    }

    /// <summary>The labels of the criteria this patient fails (an inclusion answered no, or an exclusion answered yes).</summary>
    public IReadOnlyList<string> FailedCriteria() =>
        Criteria.Where(c => c.Get(this) is { } answer && answer != c.IsInclusion).Select(c => c.Label).ToList();

    /// <summary>The labels of the criteria not answered yet.</summary>
    public IReadOnlyList<string> UnansweredCriteria() =>
        Criteria.Where(c => c.Get(this) is null).Select(c => c.Label).ToList();

    public bool IsEligible => UnansweredCriteria().Count == 0 && FailedCriteria().Count == 0;
}

/// <summary>Clinical records are never deleted: they are voided, with who, when and why.</summary>
public record Voiding(DateTime AtUtc, string By, string Reason);

/// <summary>Entities that carry an optimistic concurrency token, bumped on every save.</summary>
public interface IVersioned
{
    uint Version { get; set; }
}
