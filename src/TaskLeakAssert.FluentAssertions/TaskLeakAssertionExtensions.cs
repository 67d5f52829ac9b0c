using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Specialized;
using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.FluentAssertions;

/// <summary>Entry points: <c>host.Should()</c>, <c>report.Should()</c>, and <c>NotLeakTasksAsync</c> on <c>Func&lt;Task&gt;</c> assertions.</summary>
public static class TaskLeakAssertionExtensions
{
    /// <summary>Starts assertions on a host.</summary>
    /// <param name="host">The host under test.</param>
    public static HostAssertions Should(this IHost host) => new(host);

    /// <summary>Starts assertions on a leak report.</summary>
    /// <param name="report">The report under test.</param>
    public static TaskLeakReportAssertions Should(this TaskLeakReport report) => new(report);

    /// <summary>
    /// Runs the async function in its own tracking scope and asserts that it left no task running and no
    /// fault unobserved: <c>await act.Should().NotLeakTasksAsync()</c>. When the function throws, its exception
    /// propagates, as it would from <see cref="TaskLeakDetector.RunAsync"/>.
    /// </summary>
    /// <param name="assertions">The assertions on a <c>Func&lt;Task&gt;</c>.</param>
    /// <param name="options">Timeout and report settings.</param>
    /// <param name="because">Why, for the failure message.</param>
    /// <param name="becauseArgs">Arguments for <paramref name="because"/>.</param>
    [CustomAssertion]
    public static async Task<AndConstraint<NonGenericAsyncFunctionAssertions>> NotLeakTasksAsync(
        this NonGenericAsyncFunctionAssertions assertions,
        TaskLeakOptions? options = null,
        string because = "",
        params object[] becauseArgs)
    {
        ArgumentNullException.ThrowIfNull(assertions);
        bool hasFunction = Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(assertions.Subject is not null)
            .FailWith("Expected {context:async function} not to leak tasks{reason}, but found <null>.");
        if (hasFunction)
        {
            var report = await TaskLeakDetector.RunAsync(assertions.Subject!, options).ConfigureAwait(false);
            Execute.Assertion
                .BecauseOf(because, becauseArgs)
                .ForCondition(report.IsClean)
                .FailWith(FailureText.Append("Expected {context:async function} not to leak tasks{reason}, but it did:", report.ToString()));
        }

        return new AndConstraint<NonGenericAsyncFunctionAssertions>(assertions);
    }
}
