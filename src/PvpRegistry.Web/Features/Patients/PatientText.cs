namespace PvpRegistry.Web.Features.Patients;

/// <summary>The texts of the patient list, the patient form and the patient page with its timeline (PatientText.resx, one file per language).</summary>
public sealed class PatientText;
