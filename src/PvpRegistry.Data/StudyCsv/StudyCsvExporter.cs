using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Study;

namespace PvpRegistry.Data.StudyCsv;

/// <summary>
/// Exports enrolled, not voided patients as a study CSV, identified or de-identified.
/// De-identified: no MRN, name, birth date or death cause; a stable pseudonym for the study ID;
/// all of a patient's dates shifted by one offset of its own (intervals unchanged); ages over 89 shown as 90.
/// </summary>
public class StudyCsvExporter(IDbContextFactory<RegistryDbContext> dbFactory, CohortLoader loader)
{
    public const string PseudonymKeySetting = "Deidentification.Key";
    public const int MaxDateShiftDays = 365;

    public async Task<int> ExportAsync(TextWriter writer, bool deidentified, CancellationToken ct = default)
    {
        var records = await loader.LoadStudyRecordsAsync(CohortFilter.None, ct);
        if (deidentified)
        {
            var key = await PseudonymKeyAsync(ct);
            records = records.Select(r => Deidentify(r, key)).OrderBy(r => r.StudyId, StringComparer.Ordinal).ToList();
        }
        StudyCsvFormat.Write(writer, records, identified: !deidentified);
        return records.Count;
    }

    /// <summary>The registry's secret pseudonym key, created once and kept in the database.</summary>
    private async Task<byte[]> PseudonymKeyAsync(CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var setting = await db.Settings.FindAsync([PseudonymKeySetting], ct);
        if (setting is null)
        {
            setting = new RegistrySetting { Key = PseudonymKeySetting, Value = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)) };
            db.Settings.Add(setting);
            try { await db.SaveChangesAsync(ct); }
            catch (DbUpdateException ex) when (DatabaseErrors.IsUniqueViolation(ex))
            {
                // Another export created it at the same moment: use theirs.
                await using var again = await dbFactory.CreateDbContextAsync(ct);
                setting = await again.Settings.SingleAsync(s => s.Key == PseudonymKeySetting, ct);
            }
        }
        return Convert.FromBase64String(setting.Value);
    }

    public static StudyRecord Deidentify(StudyRecord r, byte[] key)
    {
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(r.StudyId));
        var pseudonym = "S-" + Convert.ToHexString(hash, 0, 5);
        int shift = (int)(BitConverter.ToUInt32(hash, 8) % (2 * MaxDateShiftDays + 1)) - MaxDateShiftDays;
        return r with
        {
            StudyId = pseudonym,
            Age = Math.Min(r.Age, 90),
            ProcedureDate = r.ProcedureDate.AddDays(shift),
            StatusDate = r.StatusDate.AddDays(shift),
            ScoreDates = r.ScoreDates.Select(d => d?.AddDays(shift)).ToArray(),
            Mrn = null, Name = null, BirthDate = null, DeathCause = null,
        };
    }
}
