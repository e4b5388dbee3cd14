namespace PvpRegistry.Web.Components.Layout;

/// <summary>The texts of the layout, the navigation and the buttons every page shares (SharedText.resx, one file per language).</summary>
public sealed class SharedText;
