namespace TaskLeakAssert.MSTest;

/// <summary>
/// Fails a test (or every test of a class or assembly) that leaves tasks running or faulted unobserved.
/// The test instance's whole lifetime runs in its own tracking scope: constructor, <c>[TestInitialize]</c>,
/// the test, <c>[TestCleanup]</c>, <c>DisposeAsync</c> and <c>Dispose</c>. After that teardown the scope waits
/// up to <see cref="TimeoutMilliseconds"/> for the test's tasks to end, and the test fails with the report
/// when some did not.
/// </summary>
/// <remarks>
/// <para>MSTest runs a test through the <c>TestMethodAttribute</c> its class hands out, so the check needs the
/// class's <c>[TestClass]</c> to be <see cref="LeakCheckedTestClassAttribute"/>. The package makes it so: it
/// adds <c>global using TestClassAttribute = TaskLeakAssert.MSTest.LeakCheckedTestClassAttribute;</c> to the
/// test project, and that class attribute changes nothing for a test this attribute does not apply to.</para>
/// <para>Tasks started in <c>[ClassInitialize]</c> and <c>[AssemblyInitialize]</c> run before any test's scope
/// and are not a test's. When the attribute sits on several levels, the innermost (method, then class, then
/// assembly) settings apply; <see cref="AllowLeakedTasksAttribute"/> takes a test or class out, with a reason.
/// The test's SynchronizationContext and TaskScheduler are never changed.</para>
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AssertNoLeakedTasksAttribute : Attribute
{
    /// <summary>How long to wait after the test's teardown for its tasks to end. Default 5000.</summary>
    public int TimeoutMilliseconds { get; set; } = AttributeOptions.DefaultTimeoutMilliseconds;

    /// <summary>Whether an unobserved faulted task fails the test. Default <see langword="true"/>.</summary>
    public bool FailOnFaultedTasks { get; set; } = true;

    /// <summary>Methods whose leaked tasks are known background work (see <see cref="TaskLeakOptions.IgnoredMethods"/>).</summary>
    public string[]? IgnoredMethods { get; set; }

    /// <summary>A type implementing <see cref="ILeakIgnoreRule"/> that leaves known background work out of the verdict.</summary>
    public Type? IgnoreRule { get; set; }

    internal TaskLeakOptions CreateOptions() =>
        AttributeOptions.Create(TimeoutMilliseconds, FailOnFaultedTasks, IgnoredMethods, IgnoreRule);
}
