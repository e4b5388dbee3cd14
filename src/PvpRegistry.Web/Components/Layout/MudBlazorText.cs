namespace PvpRegistry.Web.Components.Layout;

/// <summary>MudBlazor's own texts (pager, date picker, close buttons), keyed as MudBlazor names them, for <see cref="RegistryMudLocalizer"/>.</summary>
public sealed class MudBlazorText;
