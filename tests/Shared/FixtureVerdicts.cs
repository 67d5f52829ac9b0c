using Xunit;

namespace TaskLeakAssert.Tests.Shared;

/// <summary>Assertions over a fixture run that say why a test failed when it should not have.</summary>
public static class FixtureVerdicts
{
    /// <summary>
    /// Asserts that exactly <paramref name="expected"/> failed. A test that failed unexpectedly is shown with its
    /// message (the leak report), so a rare false failure in CI can be diagnosed from the log alone.
    /// </summary>
    public static void ExactlyTheseFailed(IReadOnlyDictionary<string, FixtureResult> results, IEnumerable<string> expected)
    {
        var failed = results.Where(r => r.Value.Outcome != "Passed").Select(r => r.Key).Order(StringComparer.Ordinal).ToArray();
        var wanted = expected.Order(StringComparer.Ordinal).ToArray();
        if (failed.SequenceEqual(wanted))
        {
            return;
        }

        var surprises = failed.Except(wanted).Select(t => $"{t} failed unexpectedly:\n{results[t].Message}");
        var missed = wanted.Except(failed).Select(t => $"{t} did not fail: {(results.TryGetValue(t, out var r) ? r.Outcome : "not run")}");
        Assert.Fail(string.Join("\n\n", missed.Concat(surprises)));
    }
}
