using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace TaskLeakAssert.MSTest.Execution;

/// <summary>How a leak verdict and an opt-out note reach MSTest's results, and from there its console output and TRX.</summary>
internal static class TestResults
{
    /// <summary>
    /// A passing result fails with the leak as its exception: the report becomes the failure message. A result
    /// that already failed keeps its own failure first (the assertion that failed is what to read first) and
    /// gets the report in its error output.
    /// </summary>
    public static void Fail(TestResult[] results, TaskLeakException leak)
    {
        foreach (var result in results)
        {
            if (result.Outcome == UnitTestOutcome.Passed)
            {
                result.Outcome = UnitTestOutcome.Failed;
                result.TestFailureException = leak;
            }
            else
            {
                result.LogError = Append(result.LogError, $"TaskLeakAssert: the test also left tasks running.{Environment.NewLine}{leak.Message}");
            }
        }
    }

    public static void AppendOutput(TestResult[] results, string line)
    {
        foreach (var result in results)
        {
            result.LogOutput = Append(result.LogOutput, line);
        }
    }

    private static string Append(string? text, string line) =>
        string.IsNullOrEmpty(text) ? line : $"{text.TrimEnd()}{Environment.NewLine}{line}";
}
