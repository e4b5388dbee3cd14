namespace PvpRegistry.Core;

/// <summary>
/// One patient as a study row: the wide shape of the study CSV, which the statistics and the
/// exports work from. Scores are indexed by <see cref="VisitCode"/>.
/// </summary>
public record StudyRecord
{
    public required string StudyId { get; init; }
    public TreatmentGroup Group { get; init; }
    public Sex Sex { get; init; }
    public int Age { get; init; }
    public PrimaryTumor PrimaryTumor { get; init; }
    public PrimaryGrowth PrimaryGrowth { get; init; }
    public MetastaticSite MetastaticSite { get; init; }
    public int Segments { get; init; }
    public bool VisceralMetastasis { get; init; }
    public DateOnly ProcedureDate { get; init; }
    public decimal CementMl { get; init; }
    public int Seeds { get; init; }
    public decimal? SeedActivityMci { get; init; }

    /// <summary>VAS per visit (index = (int)VisitCode), null when missing.</summary>
    public decimal?[] Vas { get; init; } = new decimal?[VisitCount];

    /// <summary>KPS per visit (index = (int)VisitCode), null when missing.</summary>
    public int?[] Kps { get; init; } = new int?[VisitCount];

    /// <summary>Assessment date per visit, null when missing or when it is the visit's target date.</summary>
    public DateOnly?[] ScoreDates { get; init; } = new DateOnly?[VisitCount];
    public bool Dead { get; init; }

    /// <summary>The death date when dead, else the last date known alive.</summary>
    public DateOnly StatusDate { get; init; }

    // Identifying, optional.
    public string? Mrn { get; init; }
    public string? Name { get; init; }
    public DateOnly? BirthDate { get; init; }
    public string? DeathCause { get; init; }

    public static int VisitCount { get; } = Enum.GetValues<VisitCode>().Length;

    public SurvivalTime Survival => new(StatusDate.DayNumber - ProcedureDate.DayNumber, Dead);
}
