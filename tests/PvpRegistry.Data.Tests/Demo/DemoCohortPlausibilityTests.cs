using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Demo;
using PvpRegistry.Data.Quality;
using PvpRegistry.Data.Tests.Infrastructure;

namespace PvpRegistry.Data.Tests.Demo;

/// <summary>The demo cohort the app loads (the file the demo loader reads) is clinically plausible and breaks no hard rule.</summary>
public class DemoCohortPlausibilityTests
{
    [Fact]
    public async Task The_loaded_demo_cohort_breaks_no_refused_rule_has_no_prostate_primary_in_a_woman_and_breast_primaries_in_men_are_rare()
    {
        await using var registry = await TestRegistry.CreateAsync();
        int loaded = await registry.Get<DemoCohort>().LoadIfEmptyAsync(DemoCohort.DefaultFile);
        Assert.True(loaded > 0);

        // Protocol deviations (KPS 60 enrolled under "KPS > 60", as the study did) are allowed; refusals are not.
        var refused = (await registry.Get<DataQuality>().ListAsync()).Where(i => i.Outcome == RuleOutcome.Refused).Select(i => $"{i.StudyId} {i.Rule}: {i.Message}");
        Assert.Empty(refused);

        await using var db = registry.NewContext();
        var patients = await db.Patients.Select(p => new { p.Sex, p.PrimaryTumor }).ToListAsync();
        Assert.Equal(loaded, patients.Count);
        Assert.DoesNotContain(patients, p => p.Sex == Sex.Female && p.PrimaryTumor == PrimaryTumor.Prostate);
        var men = patients.Where(p => p.Sex == Sex.Male).ToList();
        // Male breast cancer is about 1% of breast cancers; in a cohort of this size that is at most one man.
        Assert.True(men.Count(p => p.PrimaryTumor == PrimaryTumor.Breast) <= Math.Max(1, men.Count / 100),
            $"{men.Count(p => p.PrimaryTumor == PrimaryTumor.Breast)} of {men.Count} men have a breast primary");
    }
}
