using System.Text.RegularExpressions;
using Xunit;

namespace TaskLeakAssert.Docs.Tests;

/// <summary>Code shown in the README and docs is the code the sample test suites compile and run.</summary>
public sealed partial class SnippetTests
{
    public static TheoryData<string, string> Snippets()
    {
        var data = new TheoryData<string, string>();
        foreach (var block in Repository.DocumentationFiles().SelectMany(f => MarkedBlock.In(f, "snippet")))
        {
            data.Add(Repository.Relative(block.File), block.Name);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Snippets))]
    public void A_documented_snippet_is_the_compiled_sample_code(string file, string name)
    {
        var block = MarkedBlock.In(Path.Combine(Repository.Root, file), "snippet").First(b => b.Name == name);
        string source = SourceRegions.Value.TryGetValue(name, out var region)
            ? region
            : throw new KeyNotFoundException($"No '// begin-snippet: {name}' region in samples/.");

        if (Repository.Updating && block.Content.Trim().Length == 0)
        {
            block.Replace(source);
            return;
        }

        Assert.Equal(source.Trim(), block.Content.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public void Every_snippet_region_is_shown_somewhere()
    {
        var shown = Repository.DocumentationFiles().SelectMany(f => MarkedBlock.In(f, "snippet")).Select(b => b.Name).ToHashSet();

        var unshown = SourceRegions.Value.Keys.Where(k => !shown.Contains(k)).ToArray();
        Assert.True(unshown.Length == 0, "Snippet regions no page shows: " + string.Join(", ", unshown));
    }

    private static readonly Lazy<Dictionary<string, string>> SourceRegions = new(ReadRegions);

    private static Dictionary<string, string> ReadRegions()
    {
        var regions = new Dictionary<string, string>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(Repository.Root, "samples"), "*.cs", SearchOption.AllDirectories))
        {
            foreach (Match m in Region().Matches(File.ReadAllText(file).ReplaceLineEndings("\n")))
            {
                regions.Add(m.Groups["name"].Value, Dedent(m.Groups["body"].Value));
            }
        }

        return regions;
    }

    private static string Dedent(string code)
    {
        var lines = code.TrimEnd().Split('\n');
        int indent = lines.Where(l => l.Trim().Length > 0).Min(l => l.Length - l.TrimStart().Length);
        return string.Join('\n', lines.Select(l => l.Length >= indent ? l[indent..] : l.TrimStart()));
    }

    [GeneratedRegex(@"^[ \t]*// begin-snippet: (?<name>[\w-]+)\n(?<body>.*?)^[ \t]*// end-snippet", RegexOptions.Singleline | RegexOptions.Multiline)]
    private static partial Regex Region();
}
