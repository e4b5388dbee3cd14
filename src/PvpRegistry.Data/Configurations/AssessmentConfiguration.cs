using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using PvpRegistry.Core;

namespace PvpRegistry.Data.Configurations;

public class AssessmentConfiguration : IEntityTypeConfiguration<Assessment>
{
    public void Configure(EntityTypeBuilder<Assessment> b)
    {
        b.HasIndex(a => a.VisitId);
        b.Property(a => a.Vas).HasPrecision(3, 1);
        b.Property(a => a.EnteredBy).HasMaxLength(ClinicalLimits.UserMaxLength).IsRequired();
        b.Property(a => a.Version).IsConcurrencyToken();
        b.OwnsOne(a => a.Voided, VoidingConfiguration.Configure);
        b.ToTable(t => ScoreRanges(t, column => column));
    }

    /// <summary>
    /// The score ranges the database itself enforces, naming each column through <paramref name="column"/>:
    /// as written on SQLite and SQL Server, in double quotes on PostgreSQL (which folds unquoted names to lower case).
    /// </summary>
    public static void ScoreRanges(TableBuilder<Assessment> t, Func<string, string> column)
    {
        string vas = column(nameof(Assessment.Vas)), kps = column(nameof(Assessment.Kps));
        t.HasCheckConstraint("CK_Assessments_Vas", $"{vas} IS NULL OR (CAST({vas} AS REAL) >= 0 AND CAST({vas} AS REAL) <= 10)");
        t.HasCheckConstraint("CK_Assessments_Kps", $"{kps} IS NULL OR ({kps} >= 0 AND {kps} <= 100 AND {kps} % 10 = 0)");
    }
}

public class ContactAttemptConfiguration : IEntityTypeConfiguration<ContactAttempt>
{
    public void Configure(EntityTypeBuilder<ContactAttempt> b)
    {
        b.HasIndex(c => c.VisitId);
        b.Property(c => c.Note).HasMaxLength(ClinicalLimits.FreeTextMaxLength);
        b.Property(c => c.RecordedBy).HasMaxLength(ClinicalLimits.UserMaxLength).IsRequired();
        b.Property(c => c.Version).IsConcurrencyToken();
    }
}

public class VitalStatusEventConfiguration : IEntityTypeConfiguration<VitalStatusEvent>
{
    public void Configure(EntityTypeBuilder<VitalStatusEvent> b)
    {
        b.HasIndex(e => e.PatientId);
        b.Property(e => e.Cause).HasMaxLength(ClinicalLimits.ReasonMaxLength);
        b.Property(e => e.RecordedBy).HasMaxLength(ClinicalLimits.UserMaxLength).IsRequired();
        b.OwnsOne(e => e.Voided, VoidingConfiguration.Configure);
    }
}
