namespace TaskLeakAssert.Docs.Tests;

/// <summary>Where the repository's files are, found from the test's output folder.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>README.md, every page under docs/, and each package's own readme (src/*/README.md).</summary>
    public static IEnumerable<string> DocumentationFiles() =>
        new[] { Path.Combine(Root, "README.md") }
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "docs"), "*.md"))
            .Concat(Directory.EnumerateFiles(Path.Combine(Root, "src"), "README.md", SearchOption.AllDirectories));

    public static string Relative(string path) => Path.GetRelativePath(Root, path);

    /// <summary>Set UPDATE_DOCS=1 to fill empty marked blocks with what the code says now.</summary>
    public static bool Updating => Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1";

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaskLeakAssert.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TaskLeakAssert.sln not found above " + AppContext.BaseDirectory);
    }
}
