using System.Reflection;
using TaskLeakAssert.XunitV3.Sdk;
using Xunit.v3;

namespace TaskLeakAssert.XunitV3;

/// <summary>
/// Fails a test (or every test of a class or assembly) that leaves tasks running or faulted unobserved.
/// The test runs in its own tracking scope; after it, the scope waits up to <see cref="TimeoutMilliseconds"/>
/// for the test's tasks to end, and the test fails with the report when some did not.
/// </summary>
/// <remarks>
/// <para>With <see cref="TaskLeakTestFramework"/> named once in the assembly
/// (<c>[assembly: TestFramework(typeof(TaskLeakTestFramework))]</c>), the scope is the test's whole lifetime:
/// constructor, <c>IAsyncLifetime.InitializeAsync</c>, the test, <c>DisposeAsync</c> and <c>Dispose</c>; the
/// verdict comes after that teardown, awaited, and theory arguments appear in the scope name.
/// <c>[assembly: AssertNoLeakedTasks]</c> then checks every test; <see cref="AllowLeakedTasksAttribute"/> takes
/// a test or class out, with a reason.</para>
/// <para>Without that framework (a suite that names another one), the attribute works alone, through xunit's
/// before/after hooks: the scope covers the test method only, and the check blocks the thread that runs the
/// hook while it waits. The attribute on the assembly checks every test, and <see cref="AllowLeakedTasksAttribute"/>
/// takes a test or class out, as with the framework; a failing test whose class has a teardown says that the check
/// ran before it.</para>
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
    public override void Before(MethodInfo methodUnderTest, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(methodUnderTest);
        ArgumentNullException.ThrowIfNull(test);
        XunitVersion.EnsureMatches();
        RunnerInvocation.EnsureRegistered();
        var testClass = methodUnderTest.ReflectedType ?? methodUnderTest.DeclaringType!;
        string? optOut = AttributeAloneCheck.Begin<AssertNoLeakedTasksAttribute, AllowLeakedTasksAttribute>(
            methodUnderTest, testClass, TestAttributeSettings.ScopeName(testClass, methodUnderTest.Name, test.TestDisplayName), a => a.CreateOptions(), a => a.Reason, FrameworkLine);
        if (optOut is not null)
        {
            global::Xunit.TestContext.Current.TestOutputHelper?.WriteLine(optOut);
        }
    }

    /// <inheritdoc />
    public override void After(MethodInfo methodUnderTest, IXunitTest test)
    {
        // Never silent: what a passing check did not count or check is in the test's output.
        if (AttributeAloneCheck.End() is { } notes)
        {
            global::Xunit.TestContext.Current.TestOutputHelper?.WriteLine(notes);
        }
    }

    private const string FrameworkLine = "[assembly: TestFramework(typeof(TaskLeakTestFramework))]";

    internal TaskLeakOptions CreateOptions() =>
        AttributeOptions.Create(TimeoutMilliseconds, FailOnFaultedTasks, IgnoredMethods, IgnoreRule);
}
