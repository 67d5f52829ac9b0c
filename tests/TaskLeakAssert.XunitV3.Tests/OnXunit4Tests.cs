using System.Reflection;
using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.XunitV3.Tests;

/// <summary>The v3 lifetime fixture, unchanged, on xunit v3 4.x and the adapter's build for it.</summary>
public sealed class Xunit4JitSettingRuns() : JitSettingRuns("TaskLeakAssert.XunitV3.LifetimeFixture4", "TaskLeakAssert.XunitV3.LifetimeFixture.", Xunit4AdapterDir)
{
    private static string Xunit4AdapterDir =>
        typeof(Xunit4JitSettingRuns).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Xunit4AdapterDir").Value!;
}

/// <summary>
/// TaskLeakAssert.XunitV3.TaskLeakTestFramework under xunit v3 4.x: every lifetime test of the 3.x run holds on 4.x
/// (4.x reshaped the types the adapter extends; its own build runs there).
/// </summary>
public sealed class OnXunit4Tests(Xunit4JitSettingRuns runs)
    : LifetimeTests(runs, "TaskLeakAssert.XunitV3.LifetimeFixture", "none, ThreadPoolTaskScheduler"), IClassFixture<Xunit4JitSettingRuns>
{
    [Fact]
    public void The_fixture_ran_on_xunit_4()
    {
        string assets = File.ReadAllText(Path.Combine(Repository(), "tests", "Fixtures", "TaskLeakAssert.XunitV3.LifetimeFixture4", "obj", "project.assets.json"));

        Assert.Contains("\"xunit.v3.core.mtp-off/4.", assets, StringComparison.Ordinal);
        Assert.NotEmpty(runs.Runs[JitSettingRuns.Default]);
    }

    private static string Repository()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "TaskLeakAssert.sln")))
        {
            dir = dir.Parent;
        }

        return dir.FullName;
    }
}
