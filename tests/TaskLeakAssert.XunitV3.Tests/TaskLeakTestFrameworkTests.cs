using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.XunitV3.Tests;

public sealed class XunitV3JitSettingRuns() : JitSettingRuns("TaskLeakAssert.XunitV3.LifetimeFixture", "TaskLeakAssert.XunitV3.LifetimeFixture.");

/// <summary>TaskLeakAssert.XunitV3.TaskLeakTestFramework under xunit v3: tests run with no SynchronizationContext (v3's default), with the check as without it.</summary>
public sealed class TaskLeakTestFrameworkTests(XunitV3JitSettingRuns runs)
    : LifetimeTests(runs, "TaskLeakAssert.XunitV3.LifetimeFixture", "none, ThreadPoolTaskScheduler"), IClassFixture<XunitV3JitSettingRuns>
{
    [Theory]
    [MemberData(nameof(JitSettings))]
    public void Work_an_assembly_fixture_starts_lazily_from_a_test_is_the_fixtures_and_its_verdict_is_clean(string setting)
    {
        var run = runs.Runs[setting];

        var result = run["TaskLeakAssert.XunitV3.LifetimeFixture.LazyAssemblyFixtureTests.A_test_starts_or_uses_the_assembly_fixture"];
        Assert.True(result.Outcome == "Passed", $"{setting}: {result.Outcome}\n{result.Message}");
        Assert.DoesNotContain(run.RunErrors, e => e.Contains("Assembly Cleanup Failure", StringComparison.Ordinal));
    }
}
