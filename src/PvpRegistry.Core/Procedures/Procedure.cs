namespace PvpRegistry.Core;

public enum CementLeakage { None, Paravertebral, Intradiscal, EpiduralForaminal, Venous }

/// <summary>A percutaneous vertebroplasty, with 125I seeds for the pvp_i125 group.</summary>
public class Procedure : IVersioned
{
    public int Id { get; set; }
    public int PatientId { get; set; }
    public Patient? Patient { get; set; }

    /// <summary>Day 0 of the follow-up schedule.</summary>
    public DateOnly Date { get; set; }
    public string? Surgeon { get; set; }

    public List<TreatedLevel> TreatedLevels { get; set; } = [];

    /// <summary>Total PMMA volume in mL (the sum over levels when levels carry volumes).</summary>
    public decimal CementTotalMl { get; set; }

    /// <summary>Number of 125I seeds; 0 for PVP alone.</summary>
    public int SeedCount { get; set; }

    /// <summary>Per-seed activity in mCi; null for PVP alone.</summary>
    public decimal? SeedActivityMci { get; set; }

    /// <summary>Planned dose from the treatment planning system, Gy (optional).</summary>
    public decimal? PlannedDoseGy { get; set; }
    public CementLeakage Leakage { get; set; } = CementLeakage.None;
    public string? Complications { get; set; }
    public string? Notes { get; set; }

    public Voiding? Voided { get; set; }
    public uint Version { get; set; }
}

/// <summary>One treated vertebral level and the cement injected there.</summary>
public class TreatedLevel
{
    public SpinalLevel Level { get; set; }
    public decimal? CementMl { get; set; }
}
