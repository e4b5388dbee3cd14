namespace PvpRegistry.Web.Features.Queries;

/// <summary>The texts of the queries page and of the query messages (QueryText.resx, one file per language).</summary>
public sealed class QueryText;
