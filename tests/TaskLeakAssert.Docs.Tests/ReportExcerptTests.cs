using Xunit;

namespace TaskLeakAssert.Docs.Tests;

/// <summary>Report text quoted in the README and docs is what the library prints today.</summary>
public sealed class ReportExcerptTests(ReportScenarios scenarios) : IClassFixture<ReportScenarios>
{
    public static TheoryData<string, string, int> Excerpts()
    {
        var data = new TheoryData<string, string, int>();
        foreach (var file in Repository.DocumentationFiles())
        {
            int index = 0;
            foreach (var block in MarkedBlock.In(file, "report"))
            {
                data.Add(Repository.Relative(file), block.Name, index++);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Excerpts))]
    public void A_quoted_report_is_an_excerpt_of_what_the_library_prints(string file, string scenario, int index)
    {
        var block = MarkedBlock.In(Path.Combine(Repository.Root, file), "report").ElementAt(index);
        string actual = scenarios.Reports.TryGetValue(scenario, out var report)
            ? report
            : throw new KeyNotFoundException($"No report scenario '{scenario}'; known: {string.Join(", ", scenarios.Reports.Keys)}.");

        if (Repository.Updating && block.Content.Trim().Length == 0)
        {
            block.Replace(actual.Replace(Repository.Root + Path.DirectorySeparatorChar, string.Empty, StringComparison.Ordinal));
            return;
        }

        Assert.True(
            ReportText.IsExcerptOf(block.Content, actual),
            $"{file}, report '{scenario}' no longer matches. The library now prints:\n\n{actual}");
    }
}
