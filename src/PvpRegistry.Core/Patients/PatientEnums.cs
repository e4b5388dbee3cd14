namespace PvpRegistry.Core;

public enum Sex { Male, Female }

/// <summary>pvp = PVP alone; pvp_i125 = PVP combined with iodine-125 seed implantation.</summary>
public enum TreatmentGroup { Pvp, PvpI125 }

public enum PrimaryTumor { Prostate, Lung, Breast, Bladder, DuodenalPapillary, Other }

/// <summary>Tomita/Tokuhashi growth class of the primary tumour.</summary>
public enum PrimaryGrowth { Slow, Moderate, Rapid }

public enum MetastaticSite { Lumbar, Sacral, Lumbosacral }

public enum FrankelGrade { A, B, C, D, E }

/// <summary>Lumbar and sacral vertebral levels the registry covers.</summary>
public enum SpinalLevel { L1, L2, L3, L4, L5, S1, S2, S3, S4, S5 }

/// <summary>Enrolled patients are followed; screen failures are kept (with a reason) but never analysed.</summary>
public enum EnrolmentStatus { Enrolled, ScreenFailure }
