using System.Globalization;
using System.Text;
using PvpRegistry.Core;
using PvpRegistry.Data.Csv;
using Sylvan.Data.Csv;

namespace PvpRegistry.Data.StudyCsv;

/// <summary>One problem in a study CSV, as a spreadsheet shows it: the header is row 1.</summary>
public record CsvProblem(int Row, string Column, string Message)
{
    public override string ToString() => $"row {Row}, column {Column}: {Message}";
}

/// <summary>
/// The study CSV interchange format: reads rows into <see cref="StudyRecord"/>s, reporting every
/// problem, and writes records the way R's write.csv does (quoted header and text, bare numbers), formula-guarded.
/// </summary>
public static class StudyCsvFormat
{
    public static readonly string[] RequiredColumns =
    [
        "study_id", "group", "sex", "age", "primary_tumor", "primary_growth", "metastatic_site", "segments",
        "visceral_metastasis", "procedure_date", "cement_ml", "seeds", "seed_activity_mci",
        .. Enum.GetValues<VisitCode>().Select(v => $"vas_{v.Code()}"),
        .. Enum.GetValues<VisitCode>().Select(v => $"kps_{v.Code()}"),
        "vital_status", "status_date",
    ];

    public static readonly string[] IdentifyingColumns = ["mrn", "name", "birth_date", "death_cause"];

    private static IEnumerable<string> ScoreDateColumns() =>
        Enum.GetValues<VisitCode>().SelectMany(v => new[] { $"vas_{v.Code()}_date", $"kps_{v.Code()}_date" });

    public record ReadResult(List<(int Row, StudyRecord Record, HashSet<string> Columns)> Rows, List<CsvProblem> Problems);

    /// <summary>
    /// The longest line read (in characters): a cell holds at most <see cref="ClinicalLimits.FreeTextMaxLength"/>, so
    /// a longer cell is still read and reported on its row and column; a line past this is reported as too long.
    /// </summary>
    public const int MaxLineLength = 1 << 22;

    /// <summary>
    /// Reads a study CSV file: the bytes must be UTF-8 (the first byte that is not is the one problem reported, with
    /// its row and column, see <see cref="Utf8Check"/>), then as <see cref="Read(TextReader, FollowUpSchedule, DateOnly?)"/>.
    /// The stream must be seekable; it is left open.
    /// </summary>
    public static ReadResult Read(Stream stream, FollowUpSchedule schedule, DateOnly? today = null)
    {
        if (Utf8Check.FindInvalid(stream) is { } bad)
            return new([], [new CsvProblem((int)Math.Min(bad.Line, int.MaxValue), bad.Column ?? $"field {bad.Field + 1}", bad.Message)]);
        using var text = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16, leaveOpen: true);
        return Read(text, schedule, today);
    }

    /// <summary>
    /// Reads every row, reporting each problem: bad values, and the record-level rules (<see cref="RecordRules"/>) a
    /// row's record breaks; a last known alive date after <paramref name="today"/> only when today is given.
    /// A header separated by ';' or tabs (a spreadsheet's regional CSV) is the one problem reported.
    /// </summary>
    public static ReadResult Read(TextReader text, FollowUpSchedule schedule, DateOnly? today = null)
    {
        var problems = new List<CsvProblem>();
        var rows = new List<(int, StudyRecord, HashSet<string>)>();
        CsvDataReader csv;
        try
        {
            // The header is read as the first row (not by Sylvan's header handling), so that every line, the first
            // patient row included, is read in the loop below and a problem in it is blamed on its own row.
            csv = CsvDataReader.Create(text, new CsvDataReaderOptions
            {
                HasHeaders = false, Delimiter = ',', ResultSetMode = ResultSetMode.SingleResult, MaxBufferSize = MaxLineLength,
            });
        }
        catch (Exception ex) when (ex is CsvFormatException or InvalidDataException or ArgumentException)
        {
            problems.Add(new(1, "-", $"the file is not a readable CSV ({ex.Message})."));
            return new(rows, problems);
        }

        using (csv)
        {
            int row = 0;
            bool Next()
            {
                try
                {
                    if (!csv.Read()) return false;
                    row++;
                    return true;
                }
                catch (CsvRecordTooLargeException)
                {
                    problems.Add(new(row + 1, "-", $"the line is longer than {MaxLineLength:N0} characters; a cell holds at most {ClinicalLimits.FreeTextMaxLength:N0}."));
                }
                catch (CsvFormatException ex)
                {
                    problems.Add(new(row + 1, "-", $"the line cannot be read as CSV ({ex.Message})."));
                }
                return false;
            }

            if (!Next())
            {
                if (problems.Count == 0) problems.Add(new(1, "-", "the file is empty; the first line must be the header."));
                return new(rows, problems);
            }
            var columns = Enumerable.Range(0, csv.RowFieldCount).Select(i => csv.GetString(i).Trim().TrimStart('\uFEFF')).ToArray();
            if (columns.Length == 1 && OtherSeparator(columns[0]) is { } separator)
            {
                problems.Add(new(1, "-", $"the file uses {separator} as separator; save it as comma-separated (CSV UTF-8)."));
                return new(rows, problems);
            }
            var index = new Dictionary<string, int>(StringComparer.Ordinal);
            var known = RequiredColumns.Concat(IdentifyingColumns).Concat(ScoreDateColumns()).ToHashSet();
            for (int i = 0; i < columns.Length; i++)
            {
                if (!known.Contains(columns[i])) problems.Add(new(1, columns[i], "unknown column."));
                else if (!index.TryAdd(columns[i], i)) problems.Add(new(1, columns[i], "the column appears twice."));
            }
            var missingColumns = RequiredColumns.Where(c => !index.ContainsKey(c)).ToHashSet();
            foreach (var missing in missingColumns)
                problems.Add(new(1, missing, "required column is missing."));

            var present = index.Keys.ToHashSet();
            var seen = new Dictionary<string, int>(StringComparer.Ordinal);
            while (Next())
            {
                if (csv.RowFieldCount != columns.Length)
                {
                    problems.Add(new(row, "-", $"has {csv.RowFieldCount} cells but the header has {columns.Length}."));
                    continue;
                }
                if (index.TryGetValue("study_id", out int idColumn) && csv.GetString(idColumn).Trim() is { Length: > 0 } studyId)
                {
                    if (seen.TryGetValue(studyId, out int firstRow))
                        problems.Add(new(row, "study_id", $"duplicate study_id '{studyId}' (first on row {firstRow})."));
                    else seen[studyId] = row;
                }
                var record = new RowParser(csv, index, missingColumns, row, problems).Parse(schedule);
                if (record is not null)
                {
                    rows.Add((row, record, present));
                    problems.AddRange(StudyRecordMapping.RuleProblems(row, record, schedule, today ?? DateOnly.MaxValue));
                }
            }
            if (row == 1 && problems.Count == 0) problems.Add(new(2, "-", "the file has a header but no patient rows."));
        }
        return new(rows, problems);
    }

    /// <summary>"';'" or "tabs" when a one-column header is separated by one of them instead of commas.</summary>
    private static string? OtherSeparator(string header) =>
        header.Contains(';') ? "';'" : header.Contains('\t') ? "tabs" : null;

    private sealed class RowParser(CsvDataReader csv, Dictionary<string, int> index, HashSet<string> missingColumns, int row, List<CsvProblem> problems)
    {
        private bool _bad;

        /// <summary>
        /// The trimmed cell, null when empty or NA. A leading apostrophe that guards a formula character is the
        /// export's (or a spreadsheet's) formula guard, not part of the value: <c>'=x</c> reads as <c>=x</c>.
        /// </summary>
        private string? Cell(string column) =>
            index.TryGetValue(column, out int i) && CsvExport.UnguardFormula(csv.GetString(i).Trim()) is { Length: > 0 } s && s != "NA" ? s : null;

        private void Problem(string column, string message)
        {
            _bad = true;
            // A missing column is reported once, on the header; its empty cells are not each a problem.
            if (!missingColumns.Contains(column)) problems.Add(new(row, column, message));
        }

        private string Text(string column, int maxLength)
        {
            var s = OptionalText(column, maxLength);
            if (s is null) { Problem(column, "a value is required."); return ""; }
            return s;
        }

        private string? OptionalText(string column, int maxLength)
        {
            var s = Cell(column);
            if (s is { } v && v.Length > maxLength) Problem(column, $"at most {maxLength} characters (got {v.Length:N0}).");
            return s;
        }

        /// <summary>A study ID, MRN or name: text without control characters (<see cref="ClinicalValidation.CheckPrintable"/>).</summary>
        private string? Identifier(string column, int maxLength, bool required)
        {
            var s = required ? Text(column, maxLength) : OptionalText(column, maxLength);
            Check(column, ClinicalValidation.CheckPrintable(s));
            return s;
        }

        private T Code<T>(string column) where T : struct, Enum
        {
            var s = Cell(column);
            if (s is null) { Problem(column, $"a value is required ({Codes.AllowedList<T>()})."); return default; }
            if (!Codes.TryParse(s, out T value)) Problem(column, $"unknown code '{s}' (expected {Codes.AllowedList<T>()}).");
            return value;
        }

        private bool YesNo(string column)
        {
            var s = Cell(column);
            if (s is "yes") return true;
            if (s is "no") return false;
            Problem(column, s is null ? "a value is required (yes, no)." : $"unknown code '{s}' (expected yes, no).");
            return false;
        }

        private int? Integer(string column, bool required)
        {
            var s = Cell(column);
            if (s is null) { if (required) Problem(column, "a value is required."); return null; }
            if (int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out int v)) return v;
            if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal d) && d == decimal.Truncate(d) && d is >= int.MinValue and <= int.MaxValue) return (int)d;
            Problem(column, $"'{s}' is not a whole number.");
            return null;
        }

        private decimal? Number(string column, bool required)
        {
            var s = Cell(column);
            if (s is null) { if (required) Problem(column, "a value is required."); return null; }
            if (decimal.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal v)) return v;
            Problem(column, $"'{s}' is not a number.");
            return null;
        }

        private DateOnly? Date(string column, bool required)
        {
            var s = Cell(column);
            if (s is null) { if (required) Problem(column, "a date is required (YYYY-MM-DD)."); return null; }
            if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                Problem(column, $"'{s}' is not a valid date (YYYY-MM-DD).");
                return null;
            }
            if (ClinicalValidation.CheckDateRange(d) is { } outside)
            {
                Problem(column, outside);
                return null;
            }
            return d;
        }

        private void Check(string column, string? message)
        {
            if (message is not null) Problem(column, message.TrimEnd('.') + ".");
        }

        public StudyRecord? Parse(FollowUpSchedule schedule)
        {
            var studyId = Identifier("study_id", ClinicalLimits.StudyIdMaxLength, required: true)!;
            var group = Code<TreatmentGroup>("group");
            var sex = Code<Sex>("sex");
            var age = Integer("age", true);
            if (age is { } a) Check("age", ClinicalValidation.CheckAge(a));
            var tumor = Code<PrimaryTumor>("primary_tumor");
            var growth = Code<PrimaryGrowth>("primary_growth");
            var site = Code<MetastaticSite>("metastatic_site");
            var segments = Integer("segments", true);
            if (segments is { } sg) Check("segments", ClinicalValidation.CheckSegments(sg));
            var visceral = YesNo("visceral_metastasis");
            var procedureDate = Date("procedure_date", true);
            var cement = Number("cement_ml", true);
            if (cement is { } c) Check("cement_ml", ClinicalValidation.CheckCementTotal(c));
            var seeds = Integer("seeds", true);
            var activity = Number("seed_activity_mci", false);
            if (group == TreatmentGroup.Pvp)
            {
                if (seeds is not null and not 0) Problem("seeds", "must be 0 for group pvp.");
                if (activity is not null) Problem("seed_activity_mci", "must be empty for group pvp.");
            }
            else
            {
                if (seeds is { } n && (n < 1 || n > ClinicalLimits.SeedCountMax)) Problem("seeds", $"must be 1 to {ClinicalLimits.SeedCountMax} for group pvp_i125 (got {n}).");
                Check("seed_activity_mci", ClinicalValidation.CheckSeedActivity(activity));
            }

            var vitalStatus = Cell("vital_status");
            bool dead = vitalStatus == "dead";
            if (vitalStatus is not ("dead" or "alive"))
                Problem("vital_status", vitalStatus is null ? "a value is required (alive, dead)." : $"unknown code '{vitalStatus}' (expected alive, dead).");
            var statusDate = Date("status_date", true);
            // A death before the procedure and a score after death break record rules, checked in Read.
            if (procedureDate is { } pd && statusDate is { } st && st < pd && !dead)
                Problem("status_date", $"last known alive ({st:yyyy-MM-dd}) is before the procedure ({pd:yyyy-MM-dd}).");

            var birthDate = Date("birth_date", false);
            if (birthDate is { } born && procedureDate is { } pdate && age is { } ag && Patient.AgeOn(born, pdate) != ag)
                Problem("birth_date", $"gives age {Patient.AgeOn(born, pdate)} at the procedure, but age is {ag}.");

            var vas = new decimal?[StudyRecord.VisitCount];
            var kps = new int?[StudyRecord.VisitCount];
            var dates = new DateOnly?[StudyRecord.VisitCount];
            foreach (var visit in Enum.GetValues<VisitCode>())
            {
                int i = (int)visit;
                string vc = $"vas_{visit.Code()}", kc = $"kps_{visit.Code()}";
                vas[i] = Number(vc, false);
                if (vas[i] is { } v) Check(vc, ClinicalValidation.CheckVas(v));
                kps[i] = Integer(kc, false);
                if (kps[i] is { } k) Check(kc, ClinicalValidation.CheckKps(k));
                var vasDate = Date($"{vc}_date", false);
                var kpsDate = Date($"{kc}_date", false);
                if (vasDate is { } vd && kpsDate is { } kd && vd != kd)
                    Problem($"{kc}_date", $"differs from {vc}_date; one assessment has one date.");
                dates[i] = vasDate ?? kpsDate;
                if (dates[i] is not null && vas[i] is null && kps[i] is null)
                    Problem($"{vc}_date", "a date is given but no score.");
                if (dates[i] is { } dd && procedureDate is { } p2 && dd == schedule.WindowFor(visit, p2).Target)
                    dates[i] = null; // the target date is the default; keep the record canonical
            }

            var mrn = Identifier("mrn", ClinicalLimits.MrnMaxLength, required: false);
            var name = Identifier("name", ClinicalLimits.NameMaxLength, required: false);
            var cause = OptionalText("death_cause", ClinicalLimits.ReasonMaxLength);
            if (cause is not null && !dead) Problem("death_cause", "given for a patient who is alive.");

            if (_bad) return null;
            return new StudyRecord
            {
                StudyId = studyId, Group = group, Sex = sex, Age = age!.Value, PrimaryTumor = tumor, PrimaryGrowth = growth,
                MetastaticSite = site, Segments = segments!.Value, VisceralMetastasis = visceral, ProcedureDate = procedureDate!.Value,
                CementMl = cement!.Value, Seeds = seeds!.Value, SeedActivityMci = activity, Vas = vas, Kps = kps, ScoreDates = dates,
                Dead = dead, StatusDate = statusDate!.Value, Mrn = mrn, Name = name, BirthDate = birthDate, DeathCause = cause,
            };
        }
    }

    /// <summary>
    /// Writes records in the format R's write.csv produces (quoted header and text, bare numbers), text guarded
    /// against spreadsheet formulas (<see cref="CsvExport"/>). Optional columns appear only when some record uses them.
    /// </summary>
    public static void Write(TextWriter writer, IReadOnlyList<StudyRecord> records, bool identified) =>
        CsvExport.Write(writer, Columns(records, identified), records);

    private static List<CsvColumn<StudyRecord>> Columns(IReadOnlyList<StudyRecord> records, bool identified)
    {
        var columns = new List<CsvColumn<StudyRecord>>
        {
            CsvColumn<StudyRecord>.Text("study_id", r => r.StudyId),
            CsvColumn<StudyRecord>.Text("group", r => r.Group.Code()),
            CsvColumn<StudyRecord>.Text("sex", r => r.Sex.Code()),
            CsvColumn<StudyRecord>.Integer("age", r => r.Age),
            CsvColumn<StudyRecord>.Text("primary_tumor", r => r.PrimaryTumor.Code()),
            CsvColumn<StudyRecord>.Text("primary_growth", r => r.PrimaryGrowth.Code()),
            CsvColumn<StudyRecord>.Text("metastatic_site", r => r.MetastaticSite.Code()),
            CsvColumn<StudyRecord>.Integer("segments", r => r.Segments),
            CsvColumn<StudyRecord>.Text("visceral_metastasis", r => r.VisceralMetastasis ? "yes" : "no"),
            CsvColumn<StudyRecord>.Date("procedure_date", r => r.ProcedureDate),
            CsvColumn<StudyRecord>.Number("cement_ml", r => r.CementMl),
            CsvColumn<StudyRecord>.Integer("seeds", r => r.Seeds),
            CsvColumn<StudyRecord>.Number("seed_activity_mci", r => r.SeedActivityMci),
        };
        var visits = Enum.GetValues<VisitCode>();
        columns.AddRange(visits.Select(v => CsvColumn<StudyRecord>.Number($"vas_{v.Code()}", r => r.Vas[(int)v])));
        columns.AddRange(visits.Select(v => CsvColumn<StudyRecord>.Integer($"kps_{v.Code()}", r => r.Kps[(int)v])));
        columns.Add(CsvColumn<StudyRecord>.Text("vital_status", r => r.Dead ? "dead" : "alive"));
        columns.Add(CsvColumn<StudyRecord>.Date("status_date", r => r.StatusDate));
        if (records.Any(r => r.ScoreDates.Any(d => d is not null)))
            columns.AddRange(visits.Select(v => CsvColumn<StudyRecord>.Date($"vas_{v.Code()}_date", r => r.ScoreDates[(int)v])));
        if (identified)
        {
            if (records.Any(r => r.Mrn is not null)) columns.Add(CsvColumn<StudyRecord>.Text("mrn", r => r.Mrn));
            if (records.Any(r => r.Name is not null)) columns.Add(CsvColumn<StudyRecord>.Text("name", r => r.Name));
            if (records.Any(r => r.BirthDate is not null)) columns.Add(CsvColumn<StudyRecord>.Date("birth_date", r => r.BirthDate));
            if (records.Any(r => r.DeathCause is not null)) columns.Add(CsvColumn<StudyRecord>.Text("death_cause", r => r.DeathCause));
        }
        return columns;
    }

    public static string ToCsv(IReadOnlyList<StudyRecord> records, bool identified)
    {
        var sb = new StringWriter(new StringBuilder(), CultureInfo.InvariantCulture);
        Write(sb, records, identified);
        return sb.ToString();
    }
}
