using System.Reflection;
using TaskLeakAssert.Reporting;
using Xunit.Sdk;

namespace TaskLeakAssert.Xunit;

/// <summary>
/// Fails a test (or every test of a class) that leaves tasks running or faulted unobserved. The test
/// runs in its own tracking scope; after it, the scope waits up to <see cref="TimeoutMilliseconds"/> for
/// the test's tasks to end and the test fails with the report when some did not.
/// </summary>
/// <remarks>
/// <para>Covered: the test method and everything it starts. Not covered: the test class constructor and
/// <c>IAsyncLifetime.InitializeAsync</c>, which xunit runs before this attribute's <c>Before</c>.</para>
/// <para>xunit 2 gives the attribute no theory arguments, so the scope is named <c>Class.Method</c>;
/// the runner's test name carries the arguments.</para>
/// <para>The check after the test is synchronous (xunit 2's <c>After</c> is), so it blocks an xunit
/// thread while it waits. To keep continuations of the test from queuing behind that blocked thread,
/// the test runs without xunit's concurrency-limiting SynchronizationContext: its continuations run
/// on the thread pool.</para>
/// <para>On both the class and a method, the method's settings apply to that method.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AssertNoLeakedTasksAttribute : BeforeAfterTestAttribute
{
    private static readonly AsyncLocal<TaskLeakScope?> s_scope = new();

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
        var options = AttributeOptions.Create(TimeoutMilliseconds, FailOnFaultedTasks, IgnoredMethods, IgnoreRule);
        if (s_scope.Value is { } open)
        {
            // The class's attribute ran first; the method's own attribute refines its settings.
            AttributeOptions.Refine(open.Options, options);
            return;
        }

        SynchronizationContext.SetSynchronizationContext(null);
        string name = $"{FriendlyName.OwnerName(methodUnderTest.ReflectedType)}.{methodUnderTest.Name}";
        s_scope.Value = TaskLeakScope.BeginCore(name, options, caller: null, scheduler: null);
    }

    /// <inheritdoc />
    public override void After(MethodInfo methodUnderTest)
    {
        var scope = s_scope.Value;
        s_scope.Value = null;
        scope?.AssertNoLeaks();
    }
}
