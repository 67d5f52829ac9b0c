using TaskLeakAssert.Tests.Shared;

namespace TaskLeakAssert.NUnit.Tests;

/// <summary>
/// Runs the NUnit fixture project through the real NUnit runner, under the default JIT and each JIT setting
/// that changes stack shapes and timing. NUnit reports a test by its method name (with its arguments).
/// </summary>
public sealed class NUnitFixtureRun() : JitSettingRuns("TaskLeakAssert.NUnit.Fixture", testNamePrefix: "")
{
    public FixtureRun Results => Runs[Default];
}
