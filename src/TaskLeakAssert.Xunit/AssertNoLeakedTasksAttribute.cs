using System.Reflection;
using TaskLeakAssert.Reporting;
using Xunit.Sdk;

namespace TaskLeakAssert.Xunit;

/// <summary>
/// Fails a test (or every test of a class or assembly) that leaves tasks running or faulted unobserved.
/// The test runs in its own tracking scope; after it, the scope waits up to <see cref="TimeoutMilliseconds"/>
/// for the test's tasks to end, and the test fails with the report when some did not.
/// </summary>
/// <remarks>
/// <para>With <see cref="TaskLeakTestFramework"/> named once in the assembly
/// (<c>[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)]</c>), the
/// scope is the test's whole lifetime: constructor, <c>IAsyncLifetime.InitializeAsync</c>, the test,
/// <c>DisposeAsync</c> and <c>Dispose</c>; the verdict comes after that teardown, awaited, and theory
/// arguments appear in the scope name. <c>[assembly: AssertNoLeakedTasks]</c> then checks every test;
/// <see cref="AllowLeakedTasksAttribute"/> takes a test or class out, with a reason.</para>
/// <para>Without that framework (a suite that names another one), the attribute works alone, through xunit's
/// before/after hooks: the scope covers the test method only, not the constructor, <c>InitializeAsync</c> or
/// the teardown, and the check after the test blocks the xunit thread that runs it (xunit 2's hook is synchronous).
/// The attribute on the assembly checks every test, and <see cref="AllowLeakedTasksAttribute"/> takes a test or
/// class out, as with the framework; a failing test whose class has a teardown says that the check ran before it.</para>
/// <para>The test's SynchronizationContext and TaskScheduler are never changed. When the attribute sits on
/// several levels, the innermost settings apply.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AssertNoLeakedTasksAttribute : BeforeAfterTestAttribute
{
    /// <summary>How long to wait after the test for its tasks to end. Default 5000.</summary>
    public int TimeoutMilliseconds { get; set; } = AttributeOptions.DefaultTimeoutMilliseconds;

    /// <summary>Whether an unobserved faulted task fails the test. Default <see langword="true"/>.</summary>
    public bool FailOnFaultedTasks { get; set; } = true;

    /// <summary>Methods whose leaked tasks are known background work (see <see cref="TaskLeakOptions.IgnoredMethods"/>).</summary>
    public string[]? IgnoredMethods { get; set; }

    /// <summary>A type implementing <see cref="ILeakIgnoreRule"/> that leaves known background work out of the verdict.</summary>
    public Type? IgnoreRule { get; set; }

    /// <inheritdoc />
    public override void Before(MethodInfo methodUnderTest)
    {
        ArgumentNullException.ThrowIfNull(methodUnderTest);
        var testClass = methodUnderTest.ReflectedType ?? methodUnderTest.DeclaringType!;
        string? optOut = AttributeAloneCheck.Begin<AssertNoLeakedTasksAttribute, AllowLeakedTasksAttribute>(
            methodUnderTest, testClass, $"{FriendlyName.OwnerName(testClass)}.{methodUnderTest.Name}", a => a.CreateOptions(), a => a.Reason, FrameworkLine);

        // xunit 2 gives a before/after attribute no test output: the reason goes to the process's output.
        if (optOut is not null)
        {
            Console.WriteLine($"{FriendlyName.OwnerName(testClass)}.{methodUnderTest.Name}: {optOut}");
        }
    }

    /// <inheritdoc />
    // xunit 2's hooks have no test output; a passing check's notes would go to the process's console, once per test.
    public override void After(MethodInfo methodUnderTest) => _ = AttributeAloneCheck.End();

    private const string FrameworkLine = "[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)]";

    internal TaskLeakOptions CreateOptions() =>
        AttributeOptions.Create(TimeoutMilliseconds, FailOnFaultedTasks, IgnoredMethods, IgnoreRule);
}
