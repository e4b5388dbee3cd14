namespace PvpRegistry.Web.Tests.Infrastructure;

/// <summary>The repository's folders, found above the test's output (where PvpRegistry.sln is).</summary>
public static class RepositoryFolder
{
    public static string Root { get; } = FindRoot();

    /// <summary>The project's source files with the given extension (e.g. "*.razor") under src/, build output left out.</summary>
    public static IEnumerable<string> SourceFiles(string pattern) =>
        Directory.EnumerateFiles(Path.Combine(Root, "src"), pattern, SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}") && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Order(StringComparer.Ordinal);

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "PvpRegistry.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (PvpRegistry.sln) is not above the test's output.");
    }
}
