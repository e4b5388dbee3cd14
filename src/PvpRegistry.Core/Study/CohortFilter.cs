namespace PvpRegistry.Core;

/// <summary>
/// Which patients a dashboard, a study report or <c>pvp report</c> covers. One rule for all of them, so the same
/// filter gives the same cohort everywhere: the date range is on the patient's enrolment date (both ends
/// included), and a patient without an enrolment date is outside any date range.
/// </summary>
public sealed record CohortFilter(
    DateOnly? EnrolledFrom = null,
    DateOnly? EnrolledTo = null,
    TreatmentGroup? Group = null,
    PrimaryTumor? Tumor = null,
    MetastaticSite? Site = null)
{
    public static CohortFilter None { get; } = new();

    public bool IsEmpty => this == None;

    public bool HasDateRange => EnrolledFrom is not null || EnrolledTo is not null;

    /// <summary>Whether a patient with these data is in the filtered cohort.</summary>
    public bool Includes(DateOnly? enrolmentDate, TreatmentGroup group, PrimaryTumor tumor, MetastaticSite site) =>
        (EnrolledFrom is not { } from || enrolmentDate >= from) &&
        (EnrolledTo is not { } to || enrolmentDate <= to) &&
        (Group is not { } g || group == g) &&
        (Tumor is not { } t || tumor == t) &&
        (Site is not { } s || site == s);

    public bool Includes(CohortRecord patient) =>
        Includes(patient.EnrolmentDate, patient.Record.Group, patient.Record.PrimaryTumor, patient.Record.MetastaticSite);

    /// <summary>The study rows of the patients in the filtered cohort, in the given order.</summary>
    public IReadOnlyList<StudyRecord> Apply(IEnumerable<CohortRecord> patients) =>
        patients.Where(Includes).Select(p => p.Record).ToArray();
}

/// <summary>A patient's study row with the enrolment date the cohort filter's date range is on.</summary>
public sealed record CohortRecord(StudyRecord Record, DateOnly? EnrolmentDate)
{
    /// <summary>
    /// A row of a study CSV. The format has no enrolment date; importing the row enrols the patient on its
    /// procedure date, so the row is filtered as that imported patient would be.
    /// </summary>
    public static CohortRecord FromStudyCsv(StudyRecord record) => new(record, record.ProcedureDate);

    public static IReadOnlyList<CohortRecord> FromStudyCsv(IEnumerable<StudyRecord> records) => records.Select(FromStudyCsv).ToArray();
}
