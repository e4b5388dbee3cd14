namespace PvpRegistry.Cli;

/// <summary>
/// Files that commands write: written beside the target as <c>FILE.partial</c> and moved into place once complete,
/// so a failed or interrupted run never leaves half a file under the target's name.
/// </summary>
public static class OutputFile
{
    /// <summary>Writes <paramref name="path"/>: <paramref name="write"/> fills the temporary file whose path it is given.</summary>
    /// <param name="overwrite">Whether a file already at <paramref name="path"/> is replaced.</param>
    public static async Task<T> WriteAsync<T>(string path, Func<string, Task<T>> write, bool overwrite = true)
    {
        var temp = path + ".partial";
        File.Delete(temp);
        try
        {
            var result = await write(temp);
            File.Move(temp, path, overwrite);
            return result;
        }
        catch
        {
            try { File.Delete(temp); } catch (IOException) { /* the original failure is the one to report */ }
            throw;
        }
    }

    public static Task WriteAsync(string path, Func<string, Task> write, bool overwrite = true) =>
        WriteAsync(path, async temp => { await write(temp); return true; }, overwrite);
}
