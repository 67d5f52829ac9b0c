using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.Xunit.Tests;

public sealed class XunitJitSettingRuns() : JitSettingRuns("TaskLeakAssert.Xunit.LifetimeFixture", "TaskLeakAssert.Xunit.LifetimeFixture.");

/// <summary><see cref="TaskLeakTestFramework"/> under xunit 2: tests run under xunit's AsyncTestSyncContext, with the check as without it.</summary>
public sealed class TaskLeakTestFrameworkTests(XunitJitSettingRuns runs)
    : LifetimeTests(runs, "TaskLeakAssert.Xunit.LifetimeFixture", "Xunit.Sdk.AsyncTestSyncContext, ThreadPoolTaskScheduler"), IClassFixture<XunitJitSettingRuns>
{
    /// <summary>xunit 2 creates fixtures in runners TaskLeakAssert re-creates: the fixture's constructor is tracked too.</summary>
    [Fact]
    public void A_class_fixtures_constructor_work_is_in_its_teardown_verdict()
    {
        string output = runs.Runs[JitSettingRuns.Default].RunOutput;

        Assert.Contains("2 leaked tasks in scope 'class fixture ForgetfulFixture of ForgetfulFixtureTests' (timeout 500 ms", output);
        Assert.Contains("ForgetfulFixture..ctor in ", output);
    }
}
