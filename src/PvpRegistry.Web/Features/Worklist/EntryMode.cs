namespace PvpRegistry.Web.Features.Worklist;

/// <summary>What the entry panel records for a visit; each has its own form.</summary>
public enum EntryMode { Scores, Missed, Contact, VitalStatus }
