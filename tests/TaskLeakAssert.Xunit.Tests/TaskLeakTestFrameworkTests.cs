using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.Xunit.Tests;

public sealed class XunitJitSettingRuns() : JitSettingRuns("TaskLeakAssert.Xunit.LifetimeFixture", "TaskLeakAssert.Xunit.LifetimeFixture.");

/// <summary><see cref="TaskLeakTestFramework"/> under xunit 2: tests run under xunit's AsyncTestSyncContext, with the check as without it.</summary>
public sealed class TaskLeakTestFrameworkTests(XunitJitSettingRuns runs)
    : LifetimeTests(runs, "TaskLeakAssert.Xunit.LifetimeFixture", "Xunit.Sdk.AsyncTestSyncContext, ThreadPoolTaskScheduler"), IClassFixture<XunitJitSettingRuns>;
