using System.Reflection;
using TaskLeakAssert.XunitV3.Sdk;
using Xunit.v3;

namespace TaskLeakAssert.XunitV3;

/// <summary>
/// The xunit v3 test framework that gives <see cref="AssertNoLeakedTasksAttribute"/> a test's whole lifetime:
/// the scope opens before the test class is constructed and the verdict comes after its disposal, so work
/// that <c>Dispose</c>/<c>DisposeAsync</c> stops is never a leak. It is xunit's own framework: only the runner
/// of each test case is changed, so parallelism, fixtures, theories, timeouts and explicit tests stay xunit's.
/// Name it once per test assembly: <c>[assembly: TestFramework(typeof(TaskLeakTestFramework))]</c>.
/// </summary>
/// <remarks>
/// An assembly has one test framework. A suite that already names another one keeps it and uses the
/// attribute alone, with the limits documented on <see cref="AssertNoLeakedTasksAttribute"/>.
/// </remarks>
public sealed class TaskLeakTestFramework : XunitTestFramework
{
    /// <summary>Called by xunit.</summary>
    public TaskLeakTestFramework()
    {
    }

    /// <summary>Called by xunit with the test assembly's configuration file.</summary>
    /// <param name="configFileName">The configuration file xunit found, if any.</param>
    public TaskLeakTestFramework(string? configFileName)
        : base(configFileName)
    {
    }

    /// <inheritdoc />
    protected override ITestFrameworkExecutor CreateExecutor(Assembly assembly)
    {
        XunitVersion.EnsureMatches();
        return new LeakCheckingExecutor(base.CreateExecutor(assembly));
    }
}
