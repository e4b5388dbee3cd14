using MudBlazor;

namespace PvpRegistry.Web.Components.Layout;

/// <summary>
/// The app's colours: MudBlazor's palette with the status colours darkened so that white text on them, and they as
/// text on white, reach the WCAG 2.1 AA contrast of 4.5:1 (the defaults give 2.2 to 3.7:1: the bell badge, the
/// Disable buttons, the warning and success chips).
/// </summary>
public static class RegistryTheme
{
    public static MudTheme Theme { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Error = "#c62828",    // 5.6:1 with white
            Warning = "#a14a00",  // 6.0:1
            Info = "#1565c0",     // 5.8:1
            Success = "#2e7d32",  // 5.1:1
            Secondary = "#c2185b", // 5.9:1
        },
    };
}
