using TaskLeakAssert.Tests.Shared;

namespace TaskLeakAssert.MSTest.Tests;

/// <summary>
/// Runs the MSTest fixture project through the real MSTest runner, under the default JIT and each JIT setting
/// that changes stack shapes and timing. MSTest reports a test by its method name (a data row adds its arguments).
/// </summary>
public sealed class MSTestFixtureRun() : JitSettingRuns("TaskLeakAssert.MSTest.Fixture", testNamePrefix: "")
{
    public IReadOnlyDictionary<string, FixtureResult> Results => Runs[Default];
}
