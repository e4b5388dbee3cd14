using System.Security.Cryptography;
using System.Text;
using Microsoft.EntityFrameworkCore;
using PvpRegistry.Core;
using PvpRegistry.Data.Study;

namespace PvpRegistry.Data.StudyCsv;

/// <summary>
/// Exports enrolled, not voided patients as a study CSV, identified or de-identified.
/// De-identified: no MRN, name, birth date or death cause; a stable pseudonym for the study ID;
/// all of a patient's dates shifted back by one offset of its own, 1 to <see cref="MaxDateShiftDays"/> days (intervals
/// unchanged), so no shifted date passes the data's as-of date (today); ages over 89 shown as 90.
/// </summary>
public class StudyCsvExporter(IDbContextFactory<RegistryDbContext> dbFactory, CohortLoader loader, RegistryClock clock)
{
    public const string PseudonymKeySetting = "Deidentification.Key";
    public const int MaxDateShiftDays = 365;

    public async Task<int> ExportAsync(TextWriter writer, bool deidentified, CancellationToken ct = default)
    {
        var records = await loader.LoadStudyRecordsAsync(CohortFilter.None, ct);
        if (deidentified)
        {
            var key = await PseudonymKeyAsync(ct);
            var asOf = clock.Today;
            records = records.Select(r => Deidentify(r, key, asOf)).OrderBy(r => r.StudyId, StringComparer.Ordinal).ToList();
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

    /// <summary>
    /// The de-identified record. Dates move back by 1 to <see cref="MaxDateShiftDays"/> days (a shift forward put status
    /// dates after the data's as-of date, in the future); a record already dated after <paramref name="asOf"/> moves back
    /// further, so its latest date lands on <paramref name="asOf"/> at the latest.
    /// </summary>
    public static StudyRecord Deidentify(StudyRecord r, byte[] key, DateOnly asOf)
    {
        var hash = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(r.StudyId));
        var pseudonym = "S-" + Convert.ToHexString(hash, 0, 5);
        int shift = -1 - (int)(BitConverter.ToUInt32(hash, 8) % MaxDateShiftDays);
        var latest = r.ScoreDates.OfType<DateOnly>().Append(r.ProcedureDate).Append(r.StatusDate).Max();
        shift = Math.Min(shift, asOf.DayNumber - latest.DayNumber);
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
