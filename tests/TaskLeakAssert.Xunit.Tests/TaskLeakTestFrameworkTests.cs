using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.Xunit.Tests;

public sealed class XunitJitSettingRuns() : JitSettingRuns("TaskLeakAssert.Xunit.LifetimeFixture", "TaskLeakAssert.Xunit.LifetimeFixture.");

/// <summary><see cref="TaskLeakTestFramework"/> under xunit 2: tests run under xunit's AsyncTestSyncContext, with the check as without it.</summary>
public sealed class TaskLeakTestFrameworkTests(XunitJitSettingRuns runs)
    : LifetimeTests(runs, "TaskLeakAssert.Xunit.LifetimeFixture", "Xunit.Sdk.AsyncTestSyncContext, ThreadPoolTaskScheduler"), IClassFixture<XunitJitSettingRuns>
{
    [Fact]
    public void A_class_fixture_whose_teardown_leaves_a_loop_fails_the_class_cleanup_with_a_report_naming_the_fixture()
    {
        var run = runs.Runs[JitSettingRuns.Default];

        Assert.Equal("Passed", runs["ForgetfulFixtureTests.Runs_while_the_fixture_loop_runs"].Outcome);
        Assert.Contains(run.RunErrors, e => e.Contains("[Test Class Cleanup Failure (TaskLeakAssert.Xunit.LifetimeFixture.ForgetfulFixtureTests)] TaskLeakAssert.TaskLeakException", StringComparison.Ordinal));
        Assert.Contains("1 leaked task in scope 'class fixture ForgetfulFixture of ForgetfulFixtureTests' (timeout 500 ms", run.RunOutput);
        Assert.Contains("ForgetfulFixture..ctor in ", run.RunOutput);
    }

    [Fact]
    public void A_collection_fixture_whose_lazily_started_loop_outlives_its_teardown_fails_the_collection_cleanup()
    {
        var run = runs.Runs[JitSettingRuns.Default];

        Assert.Equal("Passed", runs["ForgetfulCollectionFixtureTests.Starts_the_collection_fixture_loop"].Outcome);
        Assert.Contains(run.RunErrors, e => e.Contains("[Test Collection Cleanup Failure (forgetful collection)] TaskLeakAssert.TaskLeakException", StringComparison.Ordinal));
        Assert.Contains("1 leaked task in scope 'collection fixture ForgetfulCollectionFixture of the \"forgetful collection\" collection'", run.RunOutput);
        Assert.Contains("ForgetfulCollectionFixture.StartAsync in ", run.RunOutput);
    }

    [Fact]
    public void Only_the_forgetful_fixtures_fail_a_cleanup_under_any_JIT_setting()
    {
        foreach (var (setting, run) in runs.Runs)
        {
            var cleanupFailures = run.RunErrors.Where(e => e.Contains("Cleanup Failure", StringComparison.Ordinal)).Order().ToArray();
            Assert.True(cleanupFailures.Length == 2, $"{setting}: {string.Join("\n", cleanupFailures)}");
        }
    }
}
