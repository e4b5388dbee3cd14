using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using PvpRegistry.Core;
using PvpRegistry.Data;
using PvpRegistry.Data.Quality;
using PvpRegistry.Web.Components.Shared;
using PvpRegistry.Web.Features.Account;

namespace PvpRegistry.Web.Features.Patients;

/// <summary>The patient form's input model (never the entity): the full baseline and the eligibility checklist.</summary>
public class PatientInput
{
    public string? Mrn { get; set; }
    public string? Name { get; set; }
    public string? Phone { get; set; }
    public Sex? Sex { get; set; }
    public DateOnly? BirthDate { get; set; }
    public TreatmentGroup? Group { get; set; }
    public PrimaryTumor? PrimaryTumor { get; set; }
    public string? PrimaryTumorOther { get; set; }
    public PrimaryGrowth? PrimaryGrowth { get; set; }
    public MetastaticSite? MetastaticSite { get; set; }
    public int? SegmentCount { get; set; }
    public HashSet<SpinalLevel> InvolvedLevels { get; set; } = [];
    public bool VisceralMetastasis { get; set; }
    public FrankelGrade? FrankelGrade { get; set; }
    public DateOnly? EnrolmentDate { get; set; }
    public DateOnly? ConsentDate { get; set; }
    /// <summary>Each criterion's answer: null until the surgeon answers it.</summary>
    public Dictionary<string, bool?> Criteria { get; set; } = Eligibility.Criteria.ToDictionary(c => c.Name, c => (bool?)null);
    public EnrolmentStatus EnrolmentStatus { get; set; } = EnrolmentStatus.Enrolled;
    public string? ScreenFailureReason { get; set; }

    /// <summary>The version the user opened (edits only).</summary>
    public uint Version { get; set; }

    /// <summary>Why an already-saved value changes (edits only).</summary>
    public string? Reason { get; set; }

    public Eligibility ToEligibility()
    {
        var e = new Eligibility();
        foreach (var c in Eligibility.Criteria) c.Set(e, Criteria.TryGetValue(c.Name, out var v) ? v : c.Get(e));
        return e;
    }
}

/// <summary>Creates and edits patients: surgeons the whole baseline, nurses the phone number.</summary>
public class PatientService(IDbContextFactory<RegistryDbContext> dbFactory, RegistryClock clock, PvpRegistry.Data.Demo.DemoCohort demo,
    IStringLocalizer<PatientText> T, RegistryText texts)
{
    public const string StudyIdPrefix = "PVP-";

    public async Task<PatientInput?> LoadForEditAsync(ClaimsPrincipal user, int id, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Surgeon);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var p = await db.Patients.AsNoTracking().SingleOrDefaultAsync(x => x.Id == id && x.Voided == null, ct);
        if (p is null) return null;
        return new PatientInput
        {
            Mrn = p.Mrn, Name = p.Name, Phone = p.Phone, Sex = p.Sex, BirthDate = p.BirthDate, Group = p.Group, PrimaryTumor = p.PrimaryTumor,
            PrimaryTumorOther = p.PrimaryTumorOther, PrimaryGrowth = p.PrimaryGrowth, MetastaticSite = p.MetastaticSite, SegmentCount = p.SegmentCount,
            InvolvedLevels = [.. p.InvolvedLevels], VisceralMetastasis = p.VisceralMetastasis, FrankelGrade = p.FrankelGrade,
            EnrolmentDate = p.EnrolmentDate, ConsentDate = p.ConsentDate,
            Criteria = Eligibility.Criteria.ToDictionary(c => c.Name, c => c.Get(p.Eligibility)),
            EnrolmentStatus = p.EnrolmentStatus, ScreenFailureReason = p.ScreenFailureReason, Version = p.Version,
        };
    }

    /// <summary>Creates a patient with the next study ID (PVP-0001, ...; never reused) and returns (id, study ID).</summary>
    public async Task<(int Id, string StudyId)> CreateAsync(ClaimsPrincipal user, PatientInput input, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Surgeon);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var patient = new Patient();
        var guard = PatientRecord.Guard(patient, clock);
        var problems = Apply(input, patient, procedureDate: null);
        await CheckMrnAsync(db, input.Mrn, null, problems, ct);
        patient.StudyId = "PVP-0000";
        problems.AddRange(ClinicalValidation.ValidatePatient(patient).Where(p => problems.All(q => q.Field != p.Field)));
        problems.AddRange(guard.Problems(FieldOf).Where(p => problems.All(q => q.Field != p.Field)));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);

        db.Actor = RoleCheck.NameOf(user);
        db.Patients.Add(patient);
        for (int attempt = 0; ; attempt++)
        {
            patient.StudyId = await NextStudyIdAsync(db, ct);
            try
            {
                await db.SaveChangesAsync(ct);
                // A real patient: the demo accounts, whose passwords the login page shows, stop working now.
                await demo.RetireDemoAccountsAsync(db.Actor, AuditReasons.DemoAccountAfterPatientCreated(patient.StudyId), ct);
                return (patient.Id, patient.StudyId);
            }
            catch (DbUpdateException ex) when (attempt < 3 && DatabaseErrors.IsUniqueViolation(ex))
            {
                // Someone took the same study ID at the same moment: take the next one.
            }
        }
    }

    public async Task UpdateAsync(ClaimsPrincipal user, int id, PatientInput input, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Surgeon);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var patient = await db.Patients.WithRecord().SingleOrDefaultAsync(p => p.Id == id && p.Voided == null, ct)
            ?? throw new ClinicalValidationException([new("", T["Err.PatientGone"])]);
        if (patient.Version != input.Version) throw await RecordConflicts.DescribeAsync(db, texts, texts["Conflict.PatientRecord", patient.StudyId], [(nameof(Patient), id)], ct);
        var guard = PatientRecord.Guard(patient, clock);

        var procedureDate = patient.Procedures.Where(p => p.Voided is null).Select(p => (DateOnly?)p.Date).Min();
        var problems = Apply(input, patient, procedureDate);
        await CheckMrnAsync(db, input.Mrn, id, problems, ct);
        problems.AddRange(ClinicalValidation.ValidatePatient(patient).Where(p => problems.All(q => q.Field != p.Field)));
        problems.AddRange(guard.Problems(FieldOf).Where(p => problems.All(q => q.Field != p.Field)));
        db.ChangeTracker.DetectChanges();
        bool changed = db.Entry(patient).State == EntityState.Modified || db.Entry(patient.Eligibility).State == EntityState.Modified;
        if (!changed) problems.Add(new("", T["Err.NothingChanged"]));
        else if (string.IsNullOrWhiteSpace(input.Reason)) problems.Add(new("Reason", T["Err.GiveReason"]));
        if (problems.Count > 0) throw new ClinicalValidationException(problems);

        db.Actor = RoleCheck.NameOf(user);
        db.ChangeReason = input.Reason!.Trim();
        db.Entry(patient).Property(p => p.Version).OriginalValue = input.Version;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await RecordConflicts.DescribeAsync(db, texts, texts["Conflict.PatientRecord", patient.StudyId], [(nameof(Patient), id)], ct);
        }
    }

    /// <summary>Nurses (and surgeons) keep the phone number up to date; it is contact data, not a clinical value.</summary>
    public async Task UpdatePhoneAsync(ClaimsPrincipal user, int id, string? phone, uint seenVersion, CancellationToken ct = default)
    {
        RoleCheck.Require(user, Roles.Nurse, Roles.Surgeon);
        if (phone is { Length: > ClinicalLimits.PhoneMaxLength }) throw new ClinicalValidationException([new("Phone", T["Err.PhoneTooLong", ClinicalLimits.PhoneMaxLength])]);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var patient = await db.Patients.SingleAsync(p => p.Id == id && p.Voided == null, ct);
        if (patient.Version != seenVersion) throw await RecordConflicts.DescribeAsync(db, texts, texts["Conflict.PatientRecord", patient.StudyId], [(nameof(Patient), id)], ct);
        patient.Phone = string.IsNullOrWhiteSpace(phone) ? null : phone.Trim();
        db.Actor = RoleCheck.NameOf(user);
        db.Entry(patient).Property(p => p.Version).OriginalValue = seenVersion;
        try { await db.SaveChangesAsync(ct); }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            throw await RecordConflicts.DescribeAsync(db, texts, texts["Conflict.PatientRecord", patient.StudyId], [(nameof(Patient), id)], ct);
        }
    }

    private List<ValidationProblem> Apply(PatientInput input, Patient p, DateOnly? procedureDate)
    {
        var problems = new List<ValidationProblem>();
        void Need(object? value, string field, string message) { if (value is null) problems.Add(new(field, message)); }
        Need(input.Sex, nameof(input.Sex), "Choose the sex.");
        Need(input.BirthDate, nameof(input.BirthDate), "Enter the date of birth.");
        Need(input.Group, nameof(input.Group), "Choose the treatment group.");
        Need(input.PrimaryTumor, nameof(input.PrimaryTumor), "Choose the primary tumour.");
        Need(input.PrimaryGrowth, nameof(input.PrimaryGrowth), "Choose the growth class.");
        Need(input.MetastaticSite, nameof(input.MetastaticSite), "Choose the metastatic site.");
        Need(input.SegmentCount, nameof(input.SegmentCount), "Enter the number of involved segments.");
        if (input.SegmentCount is { } segments and > 0 && input.InvolvedLevels.Count == 0)
            problems.Add(new(nameof(input.InvolvedLevels), $"{segments} involved segment{(segments == 1 ? " is" : "s are")} recorded but no level is chosen: choose the levels."));
        Need(input.EnrolmentDate, nameof(input.EnrolmentDate), "Enter the enrolment (screening) date.");
        if (string.IsNullOrWhiteSpace(input.Mrn)) problems.Add(new(nameof(input.Mrn), "Enter the hospital number (MRN)."));
        if (input.PrimaryTumor == Core.PrimaryTumor.Other && string.IsNullOrWhiteSpace(input.PrimaryTumorOther))
            problems.Add(new(nameof(input.PrimaryTumorOther), "Name the primary tumour."));
        if (input.EnrolmentStatus == EnrolmentStatus.Enrolled && input.ConsentDate is null)
            problems.Add(new(nameof(input.ConsentDate), "An enrolled patient needs the consent date."));
        var today = clock.Today;
        if (input.BirthDate > today) problems.Add(new(nameof(input.BirthDate), "The date of birth is in the future."));
        if (input.EnrolmentDate > today) problems.Add(new(nameof(input.EnrolmentDate), "The enrolment date is in the future."));
        if (input.PhoneTooLong()) problems.Add(new(nameof(input.Phone), $"A phone number has at most {ClinicalLimits.PhoneMaxLength} characters."));

        p.Mrn = Clean(input.Mrn);
        p.Name = Clean(input.Name);
        p.Phone = Clean(input.Phone);
        p.Sex = input.Sex ?? default;
        p.BirthDate = input.BirthDate;
        p.Group = input.Group ?? default;
        p.PrimaryTumor = input.PrimaryTumor ?? default;
        p.PrimaryTumorOther = input.PrimaryTumor == Core.PrimaryTumor.Other ? Clean(input.PrimaryTumorOther) : null;
        p.PrimaryGrowth = input.PrimaryGrowth ?? default;
        p.MetastaticSite = input.MetastaticSite ?? default;
        p.SegmentCount = input.SegmentCount ?? 0;
        var levels = input.InvolvedLevels.Order().ToList();
        if (!levels.SequenceEqual(p.InvolvedLevels)) p.InvolvedLevels = levels;
        p.VisceralMetastasis = input.VisceralMetastasis;
        p.FrankelGrade = input.FrankelGrade;
        p.EnrolmentDate = input.EnrolmentDate;
        p.ConsentDate = input.ConsentDate;
        var eligibility = input.ToEligibility();
        foreach (var c in Eligibility.Criteria)
            if (c.Get(p.Eligibility) != c.Get(eligibility)) c.Set(p.Eligibility, c.Get(eligibility));
        p.EnrolmentStatus = input.EnrolmentStatus;
        p.ScreenFailureReason = input.EnrolmentStatus == EnrolmentStatus.ScreenFailure ? Clean(input.ScreenFailureReason) : null;
        if (input.BirthDate is { } born)
            p.AgeAtProcedure = Patient.AgeOn(born, procedureDate ?? input.EnrolmentDate ?? today);
        else problems.RemoveAll(x => x.Field == nameof(Patient.AgeAtProcedure));
        return problems;
    }

    /// <summary>The form field that holds the fact a broken record rule names (the one this form changes).</summary>
    private static string FieldOf(RuleViolation v) =>
        v.Rule == RecordRules.ProcedureBeforeConsent ? nameof(PatientInput.ConsentDate)
        : v.Rule == RecordRules.ProcedureBeforeEnrolment ? nameof(PatientInput.EnrolmentDate)
        : v.Fact.Kind switch
        {
            FactKind.PrimaryTumor => nameof(PatientInput.PrimaryTumor),
            FactKind.Segments => nameof(PatientInput.InvolvedLevels),
            _ => "",
        };

    private static async Task CheckMrnAsync(RegistryDbContext db, string? mrn, int? id, List<ValidationProblem> problems, CancellationToken ct)
    {
        var m = Clean(mrn);
        if (m is not null && await db.Patients.AsNoTracking().AnyAsync(p => p.Mrn == m && p.Id != id, ct))
            problems.Add(new(nameof(PatientInput.Mrn), "Another patient has this MRN; search for them on the patients page."));
    }

    /// <summary>One more than the highest PVP number ever given (voided patients keep theirs, so none is reused).</summary>
    private static async Task<string> NextStudyIdAsync(RegistryDbContext db, CancellationToken ct)
    {
        var ids = await db.Patients.AsNoTracking().Where(p => p.StudyId.StartsWith(StudyIdPrefix)).Select(p => p.StudyId).ToListAsync(ct);
        int max = ids.Select(s => int.TryParse(s.AsSpan(StudyIdPrefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0).DefaultIfEmpty(0).Max();
        return $"{StudyIdPrefix}{max + 1:0000}";
    }

    private static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();
}

internal static class PatientInputChecks
{
    public static bool PhoneTooLong(this PatientInput input) => input.Phone is { Length: > ClinicalLimits.PhoneMaxLength };
}
