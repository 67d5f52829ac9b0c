using System.Reflection;
using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.XunitV3.Tests;

/// <summary>The v3 lifetime fixture, unchanged, on xunit v3 4.x and the adapter's build for it.</summary>
public sealed class Xunit4JitSettingRuns() : JitSettingRuns("TaskLeakAssert.XunitV3.LifetimeFixture4", "TaskLeakAssert.XunitV3.LifetimeFixture.", Xunit4Build.AdapterDir);

internal static class Xunit4Build
{
    /// <summary>The xunit.v3 core package version a fixture project restored, read from its assets file.</summary>
    public static string XunitCoreVersionOf(string fixture)
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(dir!.FullName, "TaskLeakAssert.sln")))
        {
            dir = dir.Parent;
        }

        string assets = File.ReadAllText(Path.Combine(dir.FullName, "tests", "Fixtures", fixture, "obj", "project.assets.json"));
        var match = System.Text.RegularExpressions.Regex.Match(assets, "\"xunit\\.v3\\.core(\\.mtp-[a-z0-9]+)?/(?<version>[0-9.]+)\"");
        return match.Success ? match.Groups["version"].Value : "none";
    }

    /// <summary>The output folder of the adapter's xunit 4 build, which this project has built first.</summary>
    public static string AdapterDir =>
        typeof(Xunit4Build).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "Xunit4AdapterDir").Value!;
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
        Assert.NotEmpty(runs.Runs[JitSettingRuns.Default]);
        Assert.StartsWith("4.", Xunit4Build.XunitCoreVersionOf("TaskLeakAssert.XunitV3.LifetimeFixture4"), StringComparison.Ordinal);
    }
}
