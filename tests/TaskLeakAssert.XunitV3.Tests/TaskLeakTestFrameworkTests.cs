using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.XunitV3.Tests;

public sealed class XunitV3JitSettingRuns() : JitSettingRuns("TaskLeakAssert.XunitV3.LifetimeFixture", "TaskLeakAssert.XunitV3.LifetimeFixture.");

/// <summary>TaskLeakAssert.XunitV3.TaskLeakTestFramework under xunit v3: tests run with no SynchronizationContext (v3's default), with the check as without it.</summary>
public sealed class TaskLeakTestFrameworkTests(XunitV3JitSettingRuns runs)
    : LifetimeTests(runs, "TaskLeakAssert.XunitV3.LifetimeFixture", "none, ThreadPoolTaskScheduler"), IClassFixture<XunitV3JitSettingRuns>;
