using TaskLeakAssert.Xunit.Sdk;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TaskLeakAssert.Xunit;

/// <summary>
/// The xunit 2 test framework that gives <see cref="AssertNoLeakedTasksAttribute"/> a test's whole lifetime:
/// the scope opens before the test class is constructed and the verdict comes after <c>Dispose</c>, so
/// work that <c>Dispose</c>/<c>DisposeAsync</c> stops is never a leak. It is xunit's own framework with one
/// runner changed, so every other behaviour (parallelism, fixtures, theories, timeouts) stays xunit's.
/// Name it once per test assembly:
/// <code>[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)]</code>
/// </summary>
/// <remarks>
/// An assembly has one test framework. A suite that already names another one keeps it and uses the
/// attribute alone, with the limits documented on <see cref="AssertNoLeakedTasksAttribute"/>.
/// </remarks>
public sealed class TaskLeakTestFramework : XunitTestFramework
{
    /// <summary>The type name to give <c>[assembly: TestFramework(...)]</c>.</summary>
    public const string TypeName = "TaskLeakAssert.Xunit.TaskLeakTestFramework";

    /// <summary>The assembly name to give <c>[assembly: TestFramework(...)]</c>.</summary>
    public const string AssemblyName = "TaskLeakAssert.Xunit";

    /// <summary>Called by xunit.</summary>
    /// <param name="messageSink">xunit's diagnostic message sink.</param>
    public TaskLeakTestFramework(IMessageSink messageSink)
        : base(messageSink)
    {
    }

    /// <inheritdoc />
    protected override ITestFrameworkExecutor CreateExecutor(System.Reflection.AssemblyName assemblyName) =>
        new LeakCheckingExecutor(assemblyName, SourceInformationProvider, DiagnosticMessageSink);
}
