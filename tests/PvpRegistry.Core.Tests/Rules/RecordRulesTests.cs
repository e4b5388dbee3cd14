namespace PvpRegistry.Core.Tests.Rules;

/// <summary>The record-level rules on one patient's facts: each rule's boundary, and messages that name both facts with dates.</summary>
public class RecordRulesTests
{
    private static readonly DateOnly Procedure = new(2026, 9, 1);
    private static readonly DateOnly Today = new(2027, 6, 1);

    private static AssessmentFact Assessed(VisitCode visit, DateOnly date) => new(visit, FollowUpSchedule.Default.WindowFor(visit, Procedure), date);

    private static PatientFacts Record(params AssessmentFact[] assessments) => new()
    {
        Sex = Sex.Male, PrimaryTumor = PrimaryTumor.Prostate, SegmentCount = 2, InvolvedLevels = [SpinalLevel.L4, SpinalLevel.L5],
        ConsentDate = Procedure.AddDays(-5), EnrolmentDate = Procedure.AddDays(-5), ProcedureDate = Procedure,
        LastKnownAlive = assessments.Length == 0 ? Procedure : assessments.Max(a => a.Date), Assessments = assessments,
        Eligibility = Eligibility.AllMet(), Today = Today,
    };

    private static RuleViolation Single(PatientFacts facts, RecordRule rule) => Assert.Single(RecordRules.Check(facts), v => v.Rule == rule);

    [Fact]
    public void A_consistent_record_breaks_no_rule()
    {
        Assert.Empty(RecordRules.Check(Record(Assessed(VisitCode.Preop, Procedure.AddDays(-14)), Assessed(VisitCode.Day1, Procedure.AddDays(1)))));
    }

    [Fact]
    public void Day1_assessment_before_the_procedure_is_refused_naming_both_dates()
    {
        var v = Single(Record(Assessed(VisitCode.Day1, new(2026, 8, 1))), RecordRules.AssessmentBeforeProcedure);
        Assert.True(v.IsRefused);
        Assert.Equal("The Day 1 assessment on 2026-08-01 is before the procedure on 2026-09-01.", v.Message);
        Assert.Equal("assessment day1", v.Fact.ToString());
    }

    [Fact]
    public void Preop_assessment_is_allowed_before_the_procedure_only_inside_its_window()
    {
        Assert.Empty(RecordRules.Check(Record(Assessed(VisitCode.Preop, Procedure))));
        var v = Single(Record(Assessed(VisitCode.Preop, Procedure.AddDays(-15))), RecordRules.AssessmentBeforeProcedure);
        Assert.Equal("The Before surgery assessment on 2026-08-17 is before its window opens on 2026-08-18 (procedure on 2026-09-01).", v.Message);
    }

    [Fact]
    public void Contact_before_the_procedure_is_refused()
    {
        var facts = Record() with { Contacts = [new ContactFact(VisitCode.Day1, FollowUpSchedule.Default.WindowFor(VisitCode.Day1, Procedure), new(2026, 8, 30))] };
        Assert.Equal("The contact about Day 1 on 2026-08-30 is before the procedure on 2026-09-01.", Single(facts, RecordRules.ContactBeforeProcedure).Message);
    }

    [Fact]
    public void Assessment_and_contact_after_death_are_refused_and_on_the_death_day_accepted()
    {
        var death = Procedure.AddDays(31);
        var onTheDay = Record(Assessed(VisitCode.Month1, death)) with { DeathDate = death, LastKnownAlive = null };
        Assert.Empty(RecordRules.Check(onTheDay));

        var after = Record(Assessed(VisitCode.Month1, death.AddDays(1))) with
        {
            DeathDate = death, LastKnownAlive = null,
            Contacts = [new ContactFact(VisitCode.Month1, FollowUpSchedule.Default.WindowFor(VisitCode.Month1, Procedure), death.AddDays(2))],
        };
        Assert.Equal("The 1 month assessment on 2026-10-03 is after the death on 2026-10-02.", Single(after, RecordRules.AssessmentAfterDeath).Message);
        Assert.Equal("The contact about 1 month on 2026-10-04 is after the death on 2026-10-02.", Single(after, RecordRules.ContactAfterDeath).Message);
    }

    [Fact]
    public void Death_before_the_procedure_is_refused_and_on_the_procedure_day_accepted()
    {
        Assert.Empty(RecordRules.Check(Record() with { DeathDate = Procedure, LastKnownAlive = null }));
        var v = Single(Record() with { DeathDate = new(2026, 8, 31), LastKnownAlive = null }, RecordRules.DeathBeforeProcedure);
        Assert.Equal("The death on 2026-08-31 is before the procedure on 2026-09-01.", v.Message);
    }

    [Fact]
    public void Death_before_the_last_known_alive_date_is_refused()
    {
        var v = Single(Record() with { LastKnownAlive = new(2027, 1, 19), DeathDate = new(2026, 12, 1) }, RecordRules.DeathBeforeLastKnownAlive);
        Assert.Equal("The death on 2026-12-01 is before the last known alive date 2027-01-19.", v.Message);
    }

    [Fact]
    public void Last_known_alive_in_the_future_or_before_the_latest_assessment_is_refused()
    {
        Assert.Equal("The last known alive date 2027-06-02 is after today, 2027-06-01.",
            Single(Record() with { LastKnownAlive = Today.AddDays(1) }, RecordRules.LastKnownAliveInFuture).Message);
        var before = Record(Assessed(VisitCode.Month3, new(2026, 12, 1))) with { LastKnownAlive = new(2026, 11, 30) };
        Assert.Equal("The last known alive date 2026-11-30 is before the 3 months assessment on 2026-12-01.",
            Single(before, RecordRules.LastKnownAliveBeforeAssessment).Message);
    }

    [Fact]
    public void Procedure_before_consent_or_enrolment_is_refused()
    {
        var facts = Record() with { ConsentDate = new(2026, 9, 2), EnrolmentDate = new(2026, 9, 3) };
        Assert.Equal("The procedure on 2026-09-01 is before the consent on 2026-09-02.", Single(facts, RecordRules.ProcedureBeforeConsent).Message);
        Assert.Equal("The procedure on 2026-09-01 is before the enrolment on 2026-09-03.", Single(facts, RecordRules.ProcedureBeforeEnrolment).Message);
    }

    [Fact]
    public void Segment_count_must_match_the_chosen_levels_when_levels_are_recorded()
    {
        Assert.Empty(RecordRules.Check(Record() with { SegmentCount = 3, InvolvedLevels = [] }));
        var v = Single(Record() with { SegmentCount = 3 }, RecordRules.SegmentsDifferFromLevels);
        Assert.Equal("3 involved segments are recorded but 2 levels are chosen (L4, L5).", v.Message);
    }

    [Fact]
    public void Prostate_primary_in_a_female_patient_is_refused()
    {
        Assert.Equal("The primary tumour is prostate but the patient is female.",
            Single(Record() with { Sex = Sex.Female }, RecordRules.ProstateInFemale).Message);
    }

    [Fact]
    public void Eligibility_answers_contradicting_frankel_or_preop_kps_are_deviations_not_refusals()
    {
        var facts = Record(Assessed(VisitCode.Preop, Procedure.AddDays(-1))) with { FrankelGrade = FrankelGrade.A, PreopKps = 60 };
        var frankel = Single(facts, RecordRules.EligibilityFrankelContradicted);
        Assert.False(frankel.IsRefused);
        Assert.Equal("\"Frankel grade D\" is answered yes but the baseline Frankel grade is A.", frankel.Message);
        Assert.Equal("eligibility FrankelD", frankel.Fact.ToString());
        Assert.Equal("\"KPS > 60\" is answered yes but the preop KPS is 60.", Single(facts, RecordRules.EligibilityKpsContradicted).Message);

        Assert.Empty(RecordRules.Check(facts with { FrankelGrade = FrankelGrade.D, PreopKps = 70 }));
    }

    [Fact]
    public void Only_what_a_change_brings_counts_as_new()
    {
        var legacy = Record() with { LastKnownAlive = new(2027, 1, 19), DeathDate = new(2026, 12, 1) };
        var before = RecordRules.Check(legacy);
        Assert.Empty(RecordRules.NewViolations(before, RecordRules.Check(legacy with { SegmentCount = 2 })));
        var broken = RecordRules.NewViolations(before, RecordRules.Check(legacy with { Sex = Sex.Female }));
        Assert.Equal(RecordRules.ProstateInFemale, Assert.Single(broken).Rule);
    }

    [Fact]
    public void Every_rule_has_a_distinct_code()
    {
        Assert.Equal(RecordRules.All.Count, RecordRules.All.Select(r => r.Code).Distinct().Count());
    }
}
