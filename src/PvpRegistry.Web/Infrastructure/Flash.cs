namespace PvpRegistry.Web;

/// <summary>A one-time message carried across a navigation within the user's circuit ("Procedure recorded ...").</summary>
public class Flash
{
    private string? _message;

    public void Set(string message) => _message = message;

    public string? Take()
    {
        var m = _message;
        _message = null;
        return m;
    }
}
