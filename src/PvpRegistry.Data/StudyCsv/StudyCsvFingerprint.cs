using System.Security.Cryptography;
using System.Text;
using PvpRegistry.Core;

namespace PvpRegistry.Data.StudyCsv;

/// <summary>
/// The fingerprint of an analysed cohort: SHA-256 (lower-case hex) of its rows written as a study CSV
/// without identifying columns, in the order analysed. The same rows always give the same value,
/// whether they came from the registry or from a file.
/// </summary>
public static class StudyCsvFingerprint
{
    public static string Compute(IReadOnlyList<StudyRecord> records)
    {
        var csv = StudyCsvFormat.ToCsv(records, identified: false);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(csv)));
    }
}
