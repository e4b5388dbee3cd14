namespace PvpRegistry.Core;

/// <summary>Pure validation rules: ranges, steps and date logic of the clinical rules.</summary>
public static class ClinicalValidation
{
    public static string? CheckVas(decimal? vas) => VasProblem(vas)?.Message;

    /// <summary>A VAS out of range or with more than one decimal, as a coded problem of the field <c>Vas</c>.</summary>
    public static ValidationProblem? VasProblem(decimal? vas)
    {
        if (vas is not { } v) return null;
        if (v < ClinicalLimits.VasMin || v > ClinicalLimits.VasMax) return ValidationProblem.Coded("Vas", $"VAS must be between 0.0 and 10.0 (got {v}).", "vas_range", v);
        if (decimal.Round(v, ClinicalLimits.VasDecimals) != v) return ValidationProblem.Coded("Vas", $"VAS takes one decimal place (got {v}).", "vas_decimals", v);
        return null;
    }

    public static string? CheckKps(int? kps) => KpsProblem(kps)?.Message;

    /// <summary>A KPS out of range or off its steps of 10, as a coded problem of the field <c>Kps</c>.</summary>
    public static ValidationProblem? KpsProblem(int? kps)
    {
        if (kps is not { } k) return null;
        if (k < ClinicalLimits.KpsMin || k > ClinicalLimits.KpsMax) return ValidationProblem.Coded("Kps", $"KPS must be between 0 and 100 (got {k}).", "kps_range", k);
        if (k % ClinicalLimits.KpsStep != 0) return ValidationProblem.Coded("Kps", $"KPS goes in steps of 10 (got {k}).", "kps_step", k);
        return null;
    }

    public static string? CheckAge(int age) =>
        age is < ClinicalLimits.AgeMin or > ClinicalLimits.AgeMax
            ? $"Age at the procedure must be {ClinicalLimits.AgeMin} to {ClinicalLimits.AgeMax} years (got {age})."
            : null;

    public static string? CheckSegments(int segments) =>
        segments is < ClinicalLimits.SegmentsMin or > ClinicalLimits.SegmentsMax
            ? $"Involved segments must be {ClinicalLimits.SegmentsMin} to {ClinicalLimits.SegmentsMax} (got {segments})."
            : null;

    public static string? CheckCementPerLevel(decimal? ml) =>
        ml is { } v && (v < ClinicalLimits.CementPerLevelMinMl || v > ClinicalLimits.CementPerLevelMaxMl)
            ? $"Cement per level must be {ClinicalLimits.CementPerLevelMinMl} to {ClinicalLimits.CementPerLevelMaxMl} mL (got {v})."
            : null;

    public static string? CheckCementTotal(decimal ml) =>
        ml < 0 || ml > ClinicalLimits.CementTotalMaxMl
            ? $"Total cement must be 0 to {ClinicalLimits.CementTotalMaxMl} mL (got {ml})."
            : null;

    public static string? CheckSeedActivity(decimal? mci) =>
        mci is { } v && (v < ClinicalLimits.SeedActivityMinMci || v > ClinicalLimits.SeedActivityMaxMci)
            ? $"Seed activity must be {ClinicalLimits.SeedActivityMinMci} to {ClinicalLimits.SeedActivityMaxMci} mCi (got {v})."
            : null;

    /// <summary>No assessment is dated in the future (its order against the procedure and death: <see cref="RecordRules"/>).</summary>
    public static string? CheckAssessmentDate(DateOnly date, DateOnly today) =>
        date > today ? $"The assessment date {date:yyyy-MM-dd} is in the future." : null;

    /// <summary>A date outside <see cref="ClinicalLimits.EarliestDate"/>..<see cref="ClinicalLimits.LatestDate"/> is refused.</summary>
    public static string? CheckDateRange(DateOnly date) =>
        date < ClinicalLimits.EarliestDate || date > ClinicalLimits.LatestDate
            ? $"{date:yyyy-MM-dd} is outside the dates the registry accepts ({ClinicalLimits.EarliestDate:yyyy-MM-dd} to {ClinicalLimits.LatestDate:yyyy-MM-dd})."
            : null;

    /// <summary>An identifier (study ID, MRN, name) is printable text: no NUL, newline, tab or other control character.</summary>
    public static string? CheckPrintable(string? text)
    {
        foreach (char c in text ?? "")
            if (char.IsControl(c)) return $"contains the control character U+{(int)c:X4}; only printable text is accepted.";
        return null;
    }

    public static List<ValidationProblem> ValidatePatient(Patient p)
    {
        var problems = new List<ValidationProblem>();
        void Add(string field, string? message) { if (message is not null) problems.Add(new(field, message)); }

        if (string.IsNullOrWhiteSpace(p.StudyId)) Add(nameof(p.StudyId), "A study ID is required.");
        else if (p.StudyId.Length > ClinicalLimits.StudyIdMaxLength) Add(nameof(p.StudyId), $"A study ID has at most {ClinicalLimits.StudyIdMaxLength} characters.");
        if (p.Mrn is { Length: > ClinicalLimits.MrnMaxLength }) Add(nameof(p.Mrn), $"An MRN has at most {ClinicalLimits.MrnMaxLength} characters.");
        if (p.Name is { Length: > ClinicalLimits.NameMaxLength }) Add(nameof(p.Name), $"A name has at most {ClinicalLimits.NameMaxLength} characters.");
        Add(nameof(p.StudyId), CheckPrintable(p.StudyId) is { } s ? "The study ID " + s : null);
        Add(nameof(p.Mrn), CheckPrintable(p.Mrn) is { } m ? "The MRN " + m : null);
        Add(nameof(p.Name), CheckPrintable(p.Name) is { } n ? "The name " + n : null);
        Add(nameof(p.AgeAtProcedure), CheckAge(p.AgeAtProcedure));
        Add(nameof(p.SegmentCount), CheckSegments(p.SegmentCount));
        if (p.ConsentDate is { } consent && p.EnrolmentDate is { } enrolled && consent > enrolled)
            Add(nameof(p.ConsentDate), "Consent must be given on or before the enrolment date.");

        var unanswered = p.Eligibility.UnansweredCriteria();
        if (p.EnrolmentStatus == EnrolmentStatus.Enrolled && unanswered.Count > 0)
            Add(nameof(p.Eligibility), $"Answer every eligibility criterion before enrolling; not answered: {string.Join("; ", unanswered)}.");
        var failed = p.Eligibility.FailedCriteria();
        if (p.EnrolmentStatus == EnrolmentStatus.Enrolled && failed.Count > 0)
            Add(nameof(p.EnrolmentStatus), $"The patient fails the eligibility criteria ({string.Join("; ", failed)}) and can only be saved as a screen failure.");
        if (p.EnrolmentStatus == EnrolmentStatus.ScreenFailure && string.IsNullOrWhiteSpace(p.ScreenFailureReason))
            Add(nameof(p.ScreenFailureReason), "A screen failure needs a reason.");

        if (p.VitalStatus != VitalStatus.Alive && p.ExitDate is null)
            Add(nameof(p.ExitDate), p.VitalStatus == VitalStatus.Dead ? "A death needs its date." : "Withdrawal or loss to follow-up needs its date.");
        if (p.VitalStatus == VitalStatus.Alive && p.ExitDate is not null)
            Add(nameof(p.ExitDate), "A patient who is alive has no exit date.");
        return problems;
    }

    public static List<ValidationProblem> ValidateProcedure(Procedure proc, Patient patient)
    {
        var problems = new List<ValidationProblem>();
        void Add(string field, string? message) { if (message is not null) problems.Add(new(field, message)); }

        Add(nameof(proc.CementTotalMl), CheckCementTotal(proc.CementTotalMl));
        foreach (var level in proc.TreatedLevels) Add($"{nameof(proc.TreatedLevels)}.{level.Level}", CheckCementPerLevel(level.CementMl));
        if (proc.TreatedLevels.Select(l => l.Level).Distinct().Count() != proc.TreatedLevels.Count)
            Add(nameof(proc.TreatedLevels), "A level is listed twice.");
        if (proc.TreatedLevels.Count > 0 && proc.TreatedLevels.All(l => l.CementMl is not null)
            && proc.TreatedLevels.Sum(l => l.CementMl!.Value) != proc.CementTotalMl)
            Add(nameof(proc.CementTotalMl), "The total cement does not equal the sum over the treated levels.");

        if (patient.Group == TreatmentGroup.Pvp)
        {
            if (proc.SeedCount != 0) Add(nameof(proc.SeedCount), "PVP alone has no 125I seeds.");
            if (proc.SeedActivityMci is not null) Add(nameof(proc.SeedActivityMci), "PVP alone has no seed activity.");
        }
        else
        {
            if (proc.SeedCount is < 1 or > ClinicalLimits.SeedCountMax) Add(nameof(proc.SeedCount), $"PVP + 125I needs 1 to {ClinicalLimits.SeedCountMax} seeds (got {proc.SeedCount}).");
            Add(nameof(proc.SeedActivityMci), CheckSeedActivity(proc.SeedActivityMci));
        }

        if (patient.BirthDate is { } born)
            Add(nameof(proc.Date), CheckAge(Patient.AgeOn(born, proc.Date)));
        return problems;
    }

    public static List<ValidationProblem> ValidateAssessment(decimal? vas, int? kps, DateOnly date, DateOnly today)
    {
        var problems = new List<ValidationProblem>();
        if (vas is null && kps is null) problems.Add(ValidationProblem.Coded("Vas", "Enter VAS, KPS or both.", "scores_none"));
        if (VasProblem(vas) is { } vasProblem) problems.Add(vasProblem);
        if (KpsProblem(kps) is { } kpsProblem) problems.Add(kpsProblem);
        if (CheckAssessmentDate(date, today) is { } future) problems.Add(ValidationProblem.Coded("AssessmentDate", future, "assessment_in_future", date));
        return problems;
    }
}
