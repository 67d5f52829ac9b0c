using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;
using Microsoft.Extensions.Hosting;
using TaskLeakAssert.Hosting;

namespace TaskLeakAssert.FluentAssertions;

/// <summary>Assertions on an <see cref="IHost"/>: <c>await host.Should().ShutDownCleanlyAsync()</c>.</summary>
public sealed class HostAssertions : ReferenceTypeAssertions<IHost, HostAssertions>
{
    /// <summary>Creates the assertions for a host.</summary>
    /// <param name="subject">The host under test.</param>
    public HostAssertions(IHost subject)
        : base(subject)
    {
    }

    /// <inheritdoc />
    protected override string Identifier => "host";

    /// <summary>
    /// Shuts the host down gracefully and asserts that it stopped cleanly (see
    /// <see cref="HostTrackingExtensions.ShouldShutDownCleanlyAsync(IHost, TimeSpan?)"/>). A host that was never
    /// started is started tracked first. Inside an <see cref="AssertionScope"/> the failure is collected.
    /// </summary>
    /// <param name="timeout">How long to wait for the stop and then for the host's tasks. Default 5 seconds.</param>
    /// <param name="because">Why the host must stop cleanly, for the failure message.</param>
    /// <param name="becauseArgs">Arguments for <paramref name="because"/>.</param>
    [CustomAssertion]
    public async Task<AndConstraint<HostAssertions>> ShutDownCleanlyAsync(TimeSpan? timeout = null, string because = "", params object[] becauseArgs)
    {
        bool hasHost = Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject is not null)
            .FailWith("Expected {context:host} to shut down cleanly{reason}, but found <null>.");
        if (hasHost)
        {
            var report = await Subject!.StopAndReportAsync(timeout is { } t ? TaskLeakOptions.WithTimeoutOnly(t) : null).ConfigureAwait(false);
            Execute.Assertion
                .BecauseOf(because, becauseArgs)
                .ForCondition(report.IsClean)
                .FailWith(FailureText.Append("Expected {context:host} to shut down cleanly{reason}, but it did not:", report.ToString()));
        }

        return new AndConstraint<HostAssertions>(this);
    }
}
