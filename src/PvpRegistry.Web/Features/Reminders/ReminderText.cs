namespace PvpRegistry.Web.Features.Reminders;

/// <summary>The texts of the reminder bell and the reminder list (ReminderText.resx, one file per language).</summary>
public sealed class ReminderText;
