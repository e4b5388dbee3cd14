using System.Globalization;
using Microsoft.Extensions.Localization;
using PvpRegistry.Core;
using PvpRegistry.Reports.Localization;
using PvpRegistry.Web.Components.Layout;

namespace PvpRegistry.Web.Components.Shared;

/// <summary>
/// The texts of the registry's codes (visits, missed reasons, call outcomes, vital status) and of the coded messages of
/// Core's checks, in the user's language (the current UI culture). A message without a code, or whose code has no text,
/// is shown in Core's English.
/// </summary>
public class RegistryText(IStringLocalizer<SharedText> shared, IStringLocalizer<ValidationText> messages)
{
    public string Visit(VisitCode visit) => shared[$"Visit.{visit.Code()}"];

    /// <summary>A visit's name short enough for a chart's axis ("3 months", "3 个月"), where the axis itself says it is after surgery.</summary>
    public string VisitShort(VisitCode visit) => shared[$"VisitShort.{visit.Code()}"];

    public string Missed(MissedReason reason) => shared[$"Missed.{reason}"];

    public string Outcome(ContactOutcome outcome) => shared[$"Outcome.{outcome}"];

    public string Vital(VitalStatus status) => shared[$"Vital.{status}"];

    /// <summary>The labels of the study's codes as the reports print them, in the user's language (one glossary for both).</summary>
    private static ReportText Codes => ReportText.For(CultureInfo.CurrentUICulture);

    public string Group(TreatmentGroup group) => Codes.Group(group);

    public string Tumor(PrimaryTumor tumor) => Codes.Tumor(tumor);

    public string Sex(Sex sex) => Codes.Sex(sex);

    public string Site(MetastaticSite site) => Codes.Site(site);

    public string Growth(PrimaryGrowth growth) => Codes.Growth(growth);

    public string Status(VisitStatus status) => Codes.Status(status);

    public string Source(AssessmentSource source) => shared[$"Source.{source}"];

    public string Leakage(CementLeakage leakage) => shared[$"Leakage.{leakage}"];

    public string QueryStatus(QueryStatus status) => shared[$"Query.{status}"];

    public string Reminder(ReminderKind kind) => shared[$"Reminder.{kind}"];

    /// <summary>A stored field as people say it ("LastKnownAliveDate" is "last known alive date"); a field without a text keeps that English.</summary>
    public string Field(string? field) =>
        string.IsNullOrEmpty(field) ? "" : shared[$"Field.{field}"] is { ResourceNotFound: false } text ? text.Value : RecordConflicts.FieldLabel(field);

    /// <summary>A value as the audit trail stores it, in its usual form in the user's language (VAS with one decimal, reasons, outcomes and sources in words).</summary>
    public string StoredValue(string? field, string? value)
    {
        if (value is null) return shared["Empty"];
        return field switch
        {
            "Vas" when decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var vas) => vas.ToString("0.0", CultureInfo.InvariantCulture),
            "MissedReason" when Enum.TryParse<MissedReason>(value, out var r) => Missed(r),
            "Outcome" when Enum.TryParse<ContactOutcome>(value, out var o) => Outcome(o),
            "VitalStatus" when Enum.TryParse<VitalStatus>(value, out var v) => Vital(v).ToLowerInvariant(),
            "Source" when Enum.TryParse<AssessmentSource>(value, out var source) => Source(source),
            "Sex" when Enum.TryParse<Sex>(value, out var sex) => Sex(sex),
            "Group" when Enum.TryParse<TreatmentGroup>(value, out var group) => Group(group),
            "PrimaryTumor" when Enum.TryParse<PrimaryTumor>(value, out var tumor) => Tumor(tumor),
            "PrimaryGrowth" when Enum.TryParse<PrimaryGrowth>(value, out var growth) => Growth(growth),
            "MetastaticSite" when Enum.TryParse<MetastaticSite>(value, out var site) => Site(site),
            _ when bool.TryParse(value, out var answer) => shared[answer ? "Yes" : "No"],
            _ => value,
        };
    }

    /// <summary>
    /// Why an audit line was written: the registry's own reason (a coded message, or an older line's English text it
    /// recognises) in the user's language; a person's words as typed. Null when the line has no reason.
    /// </summary>
    public string? Reason(AuditEntry line) => AuditReasons.Coded(line) is { } coded ? Message(coded) : line.Reason;

    /// <summary>A text of the shared file, for the services that build messages of several features (conflicts, change lines).</summary>
    public string this[string key, params object[] args] => shared[key, args];

    /// <summary>
    /// A problem of a refused save, in the user's language when its code has a text. In English, Core's own text is shown
    /// (it words plurals and variants exactly); ValidationText.resx keeps the English beside each code for the translators.
    /// </summary>
    public string Problem(ValidationProblem problem) =>
        !InEnglish && problem.Code is { } code && messages[code] is { ResourceNotFound: false } text
            ? string.Format(CultureInfo.InvariantCulture, text.Value, problem.Args.Select(Argument).ToArray())
            : problem.Message;

    /// <summary>A coded message of the registry (a refusal, a failed analysis) in the user's language, its values as the screens print them.</summary>
    public string Message(RegistryMessage message) => message.In(CultureInfo.CurrentUICulture, Argument);

    /// <summary>
    /// What a caught exception tells the user: a coded exception in the user's language; another keeps its own message
    /// (the conflict messages are already in the user's language).
    /// </summary>
    public string Error(Exception error) => error is ICodedException coded ? Message(coded.Coded) : error.Message;

    /// <summary>A broken record rule or a protocol deviation, in the user's language when its code has a text.</summary>
    public string Violation(RuleViolation violation) => Problem(violation.ToProblem(""));

    private static bool InEnglish => Languages.Offered(CultureInfo.CurrentUICulture.Name) is null or Languages.English;

    /// <summary>An argument of a message as the screens print it: a visit by its label, a date as YYYY-MM-DD, numbers with ".".</summary>
    public string Argument(object value) => value switch
    {
        VisitCode visit => Visit(visit),
        DateOnly date => Reports.Formats.Date(date),
        bool answer => shared[answer ? "Yes" : "No"],
        Features.Account.RoleNames roles => string.Join(shared["Message.Or"], roles.Roles.Select(r => shared[$"Role.{r}"].Value)),
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
