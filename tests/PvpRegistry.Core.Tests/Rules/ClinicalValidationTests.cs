using PvpRegistry.Core;

namespace PvpRegistry.Core.Tests.Rules;

/// <summary>Ranges, steps and date logic of the clinical rules.</summary>
public class ClinicalValidationTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("0.0")]
    [InlineData("10")]
    [InlineData("10.0")]
    [InlineData("5.5")]
    [InlineData("5.50")]
    [InlineData("0.1")]
    [InlineData("9.9")]
    public void Vas_from_0_to_10_with_one_decimal_is_accepted(string vas)
    {
        Assert.Null(ClinicalValidation.CheckVas(decimal.Parse(vas, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [InlineData("-0.1")]
    [InlineData("10.1")]
    [InlineData("5.55")]
    [InlineData("0.05")]
    [InlineData("11")]
    public void Vas_out_of_range_or_with_two_decimals_is_refused(string vas)
    {
        Assert.NotNull(ClinicalValidation.CheckVas(decimal.Parse(vas, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void Missing_vas_or_kps_is_not_a_range_error()
    {
        Assert.Null(ClinicalValidation.CheckVas(null));
        Assert.Null(ClinicalValidation.CheckKps(null));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(10)]
    [InlineData(60)]
    [InlineData(100)]
    public void Kps_from_0_to_100_in_steps_of_10_is_accepted(int kps)
    {
        Assert.Null(ClinicalValidation.CheckKps(kps));
    }

    [Theory]
    [InlineData(55)]
    [InlineData(110)]
    [InlineData(-10)]
    [InlineData(5)]
    [InlineData(101)]
    public void Kps_off_the_step_or_out_of_range_is_refused(int kps)
    {
        Assert.NotNull(ClinicalValidation.CheckKps(kps));
    }

    [Theory]
    [InlineData(18, true)]
    [InlineData(110, true)]
    [InlineData(65, true)]
    [InlineData(17, false)]
    [InlineData(111, false)]
    public void Age_at_procedure_must_be_18_to_110(int age, bool accepted)
    {
        Assert.Equal(accepted, ClinicalValidation.CheckAge(age) is null);
    }

    [Theory]
    [InlineData("0.5", true)]
    [InlineData("20", true)]
    [InlineData("4.2", true)]
    [InlineData("0.4", false)]
    [InlineData("20.1", false)]
    [InlineData("0", false)]
    public void Cement_per_level_must_be_half_to_twenty_ml(string ml, bool accepted)
    {
        Assert.Equal(accepted, ClinicalValidation.CheckCementPerLevel(decimal.Parse(ml, System.Globalization.CultureInfo.InvariantCulture)) is null);
    }

    [Theory]
    [InlineData("0.1", true)]
    [InlineData("1.5", true)]
    [InlineData("0.6", true)]
    [InlineData("0.09", false)]
    [InlineData("1.51", false)]
    [InlineData("0", false)]
    public void Seed_activity_must_be_0_1_to_1_5_mci(string mci, bool accepted)
    {
        Assert.Equal(accepted, ClinicalValidation.CheckSeedActivity(decimal.Parse(mci, System.Globalization.CultureInfo.InvariantCulture)) is null);
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(3, true)]
    [InlineData(10, true)] // every lumbar and sacral level the registry covers
    [InlineData(0, false)]
    [InlineData(-1, false)]
    public void Involved_segments_must_be_at_least_one(int segments, bool accepted)
    {
        Assert.Equal(accepted, ClinicalValidation.CheckSegments(segments) is null);
    }

    [Fact]
    public void Assessment_in_the_future_is_refused_and_today_accepted()
    {
        var today = new DateOnly(2024, 12, 1);
        Assert.NotNull(ClinicalValidation.CheckAssessmentDate(today.AddDays(1), today));
        Assert.Null(ClinicalValidation.CheckAssessmentDate(today, today));
    }

    [Fact]
    public void Assessment_needs_a_score_and_reports_each_bad_field()
    {
        var today = new DateOnly(2024, 12, 1);
        Assert.Contains(ClinicalValidation.ValidateAssessment(null, null, today, today), p => p.Field == "Vas");
        var problems = ClinicalValidation.ValidateAssessment(10.1m, 55, today.AddDays(1), today);
        Assert.Equal(new[] { "AssessmentDate", "Kps", "Vas" }, problems.Select(p => p.Field).OrderBy(f => f, StringComparer.Ordinal));
        Assert.Empty(ClinicalValidation.ValidateAssessment(3.5m, 70, today, today));
        Assert.Empty(ClinicalValidation.ValidateAssessment(null, 70, today, today));
    }

    private static Patient EligiblePatient() => new()
    {
        StudyId = "PVP-0001", AgeAtProcedure = 64, SegmentCount = 2, InvolvedLevels = [SpinalLevel.L4, SpinalLevel.L5],
        Group = TreatmentGroup.Pvp, EnrolmentDate = new(2024, 3, 1), ConsentDate = new(2024, 2, 28), Eligibility = Eligibility.AllMet(),
    };

    [Fact]
    public void Eligible_enrolled_patient_has_no_problems()
    {
        Assert.Empty(ClinicalValidation.ValidatePatient(EligiblePatient()));
    }

    public static TheoryData<string> EveryCriterion()
    {
        var data = new TheoryData<string>();
        foreach (var c in Eligibility.Criteria) data.Add(c.Name);
        return data;
    }

    [Fact]
    public void Checklist_has_the_eight_inclusion_and_four_exclusion_criteria_of_the_study()
    {
        Assert.Equal(8, Eligibility.Criteria.Count(c => c.IsInclusion));
        Assert.Equal(4, Eligibility.Criteria.Count(c => !c.IsInclusion));
        Assert.True(Eligibility.AllMet().IsEligible);
    }

    [Fact]
    public void Checklist_starts_unanswered_and_enrolment_names_every_unanswered_criterion()
    {
        var patient = EligiblePatient();
        patient.Eligibility = new Eligibility { PathologicalDiagnosis = true, RefusesSurgery = false };
        Assert.Equal(10, patient.Eligibility.UnansweredCriteria().Count);
        Assert.False(patient.Eligibility.IsEligible);

        var problem = Assert.Single(ClinicalValidation.ValidatePatient(patient));
        Assert.Equal(nameof(Patient.Eligibility), problem.Field);
        Assert.Contains("Frankel grade D", problem.Message);
        Assert.Contains("KPS <= 40 or organ failure", problem.Message);
        Assert.DoesNotContain("Refuses surgery", problem.Message);
    }

    [Theory]
    [MemberData(nameof(EveryCriterion))]
    public void Patient_failing_a_criterion_can_only_be_saved_as_screen_failure_with_a_reason(string criterion)
    {
        var c = Eligibility.Criteria.Single(x => x.Name == criterion);
        var patient = EligiblePatient();
        // An inclusion criterion fails when not met; an exclusion criterion fails when present.
        c.Set(patient.Eligibility, !c.IsInclusion);
        Assert.False(patient.Eligibility.IsEligible);
        Assert.Equal(new[] { c.Label }, patient.Eligibility.FailedCriteria());

        var asEnrolled = ClinicalValidation.ValidatePatient(patient);
        Assert.Contains(asEnrolled, p => p.Field == nameof(Patient.EnrolmentStatus));

        patient.EnrolmentStatus = EnrolmentStatus.ScreenFailure;
        Assert.Contains(ClinicalValidation.ValidatePatient(patient), p => p.Field == nameof(Patient.ScreenFailureReason));

        patient.ScreenFailureReason = "  ";
        Assert.Contains(ClinicalValidation.ValidatePatient(patient), p => p.Field == nameof(Patient.ScreenFailureReason));

        patient.ScreenFailureReason = "Does not meet: " + c.Label;
        Assert.Empty(ClinicalValidation.ValidatePatient(patient));
    }

    [Theory]
    [InlineData(17)]
    [InlineData(111)]
    public void Patient_aged_outside_18_to_110_is_refused(int age)
    {
        var patient = EligiblePatient();
        patient.AgeAtProcedure = age;
        Assert.Contains(ClinicalValidation.ValidatePatient(patient), p => p.Field == nameof(Patient.AgeAtProcedure));
    }

    [Fact]
    public void Consent_after_enrolment_is_refused()
    {
        var patient = EligiblePatient();
        patient.ConsentDate = patient.EnrolmentDate!.Value.AddDays(1);
        Assert.Contains(ClinicalValidation.ValidatePatient(patient), p => p.Field == nameof(Patient.ConsentDate));
    }

    [Theory]
    [InlineData(VitalStatus.Dead)]
    [InlineData(VitalStatus.Withdrawn)]
    [InlineData(VitalStatus.LostToFollowUp)]
    public void Death_withdrawal_or_loss_needs_its_date(VitalStatus status)
    {
        var patient = EligiblePatient();
        patient.VitalStatus = status;
        Assert.Contains(ClinicalValidation.ValidatePatient(patient), p => p.Field == nameof(Patient.ExitDate));
        patient.ExitDate = new(2024, 9, 1);
        Assert.Empty(ClinicalValidation.ValidatePatient(patient));
    }

    [Fact]
    public void Alive_patient_with_an_exit_date_is_refused()
    {
        var patient = EligiblePatient();
        patient.ExitDate = new(2024, 9, 1);
        Assert.Contains(ClinicalValidation.ValidatePatient(patient), p => p.Field == nameof(Patient.ExitDate));
    }

    private static Procedure PvpProcedure() => new()
    {
        Date = new(2024, 3, 1), CementTotalMl = 6m,
        TreatedLevels = [new() { Level = SpinalLevel.L4, CementMl = 2.5m }, new() { Level = SpinalLevel.L5, CementMl = 3.5m }],
    };

    [Fact]
    public void Pvp_alone_procedure_without_seeds_is_accepted()
    {
        Assert.Empty(ClinicalValidation.ValidateProcedure(PvpProcedure(), EligiblePatient()));
    }

    [Fact]
    public void Pvp_alone_procedure_with_seeds_is_refused()
    {
        var proc = PvpProcedure();
        proc.SeedCount = 14;
        proc.SeedActivityMci = 0.6m;
        var fields = ClinicalValidation.ValidateProcedure(proc, EligiblePatient()).Select(p => p.Field).ToList();
        Assert.Contains(nameof(Procedure.SeedCount), fields);
        Assert.Contains(nameof(Procedure.SeedActivityMci), fields);
    }

    [Fact]
    public void Pvp_with_i125_needs_seeds_with_an_accepted_activity()
    {
        var patient = EligiblePatient();
        patient.Group = TreatmentGroup.PvpI125;
        var proc = PvpProcedure();
        Assert.Contains(ClinicalValidation.ValidateProcedure(proc, patient), p => p.Field == nameof(Procedure.SeedCount));

        proc.SeedCount = 16;
        proc.SeedActivityMci = 1.6m;
        Assert.Contains(ClinicalValidation.ValidateProcedure(proc, patient), p => p.Field == nameof(Procedure.SeedActivityMci));

        proc.SeedActivityMci = 0.7m;
        Assert.Empty(ClinicalValidation.ValidateProcedure(proc, patient));
    }

    [Fact]
    public void Cement_per_level_out_of_range_or_not_adding_up_is_refused()
    {
        var proc = PvpProcedure();
        proc.TreatedLevels[0].CementMl = 0.4m;
        proc.CementTotalMl = 3.9m;
        Assert.Contains(ClinicalValidation.ValidateProcedure(proc, EligiblePatient()), p => p.Field == "TreatedLevels.L4");

        proc = PvpProcedure();
        proc.CementTotalMl = 7m; // levels add up to 6
        Assert.Contains(ClinicalValidation.ValidateProcedure(proc, EligiblePatient()), p => p.Field == nameof(Procedure.CementTotalMl));
    }

    [Fact]
    public void Age_from_the_birth_date_must_be_18_to_110_on_the_procedure_day()
    {
        var patient = EligiblePatient();
        patient.BirthDate = new(2006, 3, 2); // 17 on 2024-03-01, 18 the next day
        Assert.Contains(ClinicalValidation.ValidateProcedure(PvpProcedure(), patient), p => p.Field == nameof(Procedure.Date));
        patient.BirthDate = new(2006, 3, 1); // 18 on the day
        Assert.Empty(ClinicalValidation.ValidateProcedure(PvpProcedure(), patient));
    }

    [Theory]
    [InlineData("1960-03-01", "2024-03-01", 64)]
    [InlineData("1960-03-02", "2024-03-01", 63)]
    [InlineData("1960-02-29", "2024-02-28", 63)]
    [InlineData("1960-02-29", "2024-02-29", 64)]
    [InlineData("1960-02-29", "2023-03-01", 63)]
    public void Age_is_whole_years_at_the_date(string born, string on, int expected)
    {
        Assert.Equal(expected, Patient.AgeOn(DateOnly.Parse(born), DateOnly.Parse(on)));
    }

    [Theory]
    [InlineData(0, 0.0)]
    [InlineData(30, 30 / 30.4375)]
    [InlineData(365, 11.991786447638603)]
    [InlineData(1461, 48.0)] // four years of 365.25 days are exactly 48 months
    public void Survival_months_are_days_over_30_4375(int days, double months)
    {
        Assert.Equal(months, new SurvivalTime(days, true).Months, 12);
    }

    [Fact]
    public void Survival_runs_to_death_as_an_event_or_to_last_known_alive_censored()
    {
        var procedure = new DateOnly(2024, 1, 1);
        Assert.Equal(new SurvivalTime(60, true), SurvivalTime.For(procedure, VitalStatus.Dead, new(2024, 3, 1), new(2024, 2, 1)));
        Assert.Equal(new SurvivalTime(31, false), SurvivalTime.For(procedure, VitalStatus.Alive, null, new(2024, 2, 1)));
        // A withdrawal after the last contact censors at the withdrawal date.
        Assert.Equal(new SurvivalTime(60, false), SurvivalTime.For(procedure, VitalStatus.Withdrawn, new(2024, 3, 1), new(2024, 2, 1)));
        Assert.Null(SurvivalTime.For(procedure, VitalStatus.Alive, null, null));
        // Only the preop scores so far: alive on the procedure day, censored at day 0.
        Assert.Equal(new SurvivalTime(0, false), SurvivalTime.For(procedure, VitalStatus.Alive, null, new(2023, 12, 29)));
    }
}
