namespace TaskLeakAssert.Tests.Shared;

/// <summary>
/// Reads the thread probes of a fixture run: of 200 tests with the check and 200 without, how many started on a
/// pool thread and how many ran their first Task.Run on their own thread.
/// </summary>
public sealed record ThreadComparison(int WithOnPool, int WithoutOnPool, int WithSame, int WithoutSame)
{
    /// <param name="results">The run's results by test name.</param>
    /// <param name="with">Part of the name of every probe with the check (its class or method name).</param>
    /// <param name="without">Part of the name of every probe without it.</param>
    public static ThreadComparison Of(IReadOnlyDictionary<string, FixtureResult> results, string with, string without)
    {
        var withLines = Lines(results, with);
        var withoutLines = Lines(results, without);
        if (withLines.Length != 200 || withoutLines.Length != 200)
        {
            throw new InvalidOperationException($"Expected 200 probe lines each, got {withLines.Length} with the check and {withoutLines.Length} without.");
        }

        return new(Count(withLines, "pool=True"), Count(withoutLines, "pool=True"), Count(withLines, "same=True"), Count(withoutLines, "same=True"));
    }

    /// <summary>Whether as many tests started on a pool thread with the check as without it, give or take three of 200.</summary>
    public bool StartOnTheSameKindOfThread => Math.Abs(WithOnPool - WithoutOnPool) <= 3;

    private static int Count(string[] lines, string value) => lines.Count(l => l.Contains(value, StringComparison.Ordinal));

    private static string[] Lines(IReadOnlyDictionary<string, FixtureResult> results, string token) =>
        results.Where(r => r.Key.Contains(token, StringComparison.Ordinal))
            .Select(r => r.Value.Output.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("thread: ", StringComparison.Ordinal)))
            .OfType<string>()
            .ToArray();
}
