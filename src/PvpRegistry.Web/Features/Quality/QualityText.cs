namespace PvpRegistry.Web.Features.Quality;

/// <summary>The texts of the data-quality page and of the protocol deviations shown beside a record (QualityText.resx, one file per language).</summary>
public sealed class QualityText;
