using System.Runtime.CompilerServices;
using NUnit.Framework;
using NUnit.Framework.Interfaces;
using TaskLeakAssert.NUnit.Fixtures;
using TaskLeakAssert.Reporting;

namespace TaskLeakAssert.NUnit;

/// <summary>
/// Fails a test that leaves tasks running or faulted unobserved. Put it on a test method, a fixture, or
/// the assembly (<c>[assembly: AssertNoLeakedTasks]</c> checks every test). Tasks started in
/// <c>[SetUp]</c> and in the test belong to the test's scope; after <c>[TearDown]</c> the scope waits up
/// to <see cref="TimeoutMilliseconds"/> for them and the test fails with the report when some did not end.
/// </summary>
/// <remarks>
/// Work <c>[OneTimeSetUp]</c> starts runs outside every test's scope. With the attribute on the fixture or the
/// assembly, what the objects the one-time setup keeps in the fixture's fields start from inside a test (a host
/// started lazily by the first test) is the fixture's, never that test's.
/// When the attribute sits on several levels, the innermost (method, then fixture, then assembly) settings apply.
/// <see cref="AllowLeakedTasksAttribute"/> takes a test or fixture out, with a reason.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly | AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class AssertNoLeakedTasksAttribute : Attribute, ITestAction
{
    // One attribute instance serves every test of an assembly or fixture, in parallel: scopes are per test.
    private static readonly ConditionalWeakTable<ITest, TaskLeakScope> s_scopes = new();
    private static readonly ConditionalWeakTable<ITest, string> s_optedOut = new();

    /// <summary>How long to wait after the test for its tasks to end. Default 5000.</summary>
    public int TimeoutMilliseconds { get; set; } = AttributeOptions.DefaultTimeoutMilliseconds;

    /// <summary>Whether an unobserved faulted task fails the test. Default <see langword="true"/>.</summary>
    public bool FailOnFaultedTasks { get; set; } = true;

    /// <summary>Methods whose leaked tasks are known background work (see <see cref="TaskLeakOptions.IgnoredMethods"/>).</summary>
    public string[]? IgnoredMethods { get; set; }

    /// <summary>A type implementing <see cref="ILeakIgnoreRule"/> that leaves known background work out of the verdict.</summary>
    public Type? IgnoreRule { get; set; }

    /// <summary>Runs around each test, and after each fixture's tests (inside its one-time setup and teardown).</summary>
    public ActionTargets Targets => ActionTargets.Test | ActionTargets.Suite;

    /// <inheritdoc />
    public void BeforeTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (test.IsSuite)
        {
            return;
        }

        if (OptedOut(test))
        {
            // An opted-out test's flow belongs to no scope, not even its fixture's.
            TaskLeakScope.LeaveFlow();
            return;
        }

        var options = AttributeOptions.Create(TimeoutMilliseconds, FailOnFaultedTasks, IgnoredMethods, IgnoreRule);
        if (s_scopes.TryGetValue(test, out var open))
        {
            // An outer level's attribute began the scope; this inner one refines its settings.
            AttributeOptions.Refine(open.Options, options);
            return;
        }

        // A test's flow never belongs to its fixture's scope: what the test starts is the test's.
        var fixture = FixtureScope.Of(test);
        TaskLeakScope.LeaveFlow();
        string name = $"{FriendlyName.OwnerName(test.TypeInfo?.Type) ?? test.ClassName}.{test.Name}";
        var scope = TaskLeakScope.BeginCore(name, options, caller: null, scheduler: null, isTestRun: true);
        if (fixture is not null)
        {
            scope.UseFixtures([fixture.ScopeFor(test.Fixture)]);
        }

        s_scopes.AddOrUpdate(test, scope);
    }

    /// <summary>
    /// Whether <see cref="AllowLeakedTasksAttribute"/> takes the test out (the innermost level decides). The
    /// reason is written to the test's output once, by the first level's attribute that asks.
    /// </summary>
    private static bool OptedOut(ITest test)
    {
        if (test.Method?.MethodInfo is not { } method || test.TypeInfo?.Type is not { } type)
        {
            return false;
        }

        var settings = TestAttributeSettings.Resolve<AssertNoLeakedTasksAttribute, AllowLeakedTasksAttribute>(method, type, _ => new TaskLeakOptions(), a => a.Reason);
        if (settings.AllowedBecause is not { } reason)
        {
            return false;
        }

        if (s_optedOut.TryAdd(test, reason))
        {
            TestContext.Out.WriteLine(TestAttributeSettings.OptOutNote(reason));
        }

        return true;
    }

    /// <inheritdoc />
    public void AfterTest(ITest test)
    {
        ArgumentNullException.ThrowIfNull(test);
        if (test.IsSuite)
        {
            FixtureScope.EndAfter(test);
            return;
        }

        if (!s_scopes.TryGetValue(test, out var scope))
        {
            return;
        }

        s_scopes.Remove(test);
        var report = scope.StopAsync().GetAwaiter().GetResult();
        if (!report.IsClean)
        {
            Assert.Fail(report.ToString());
        }
        else if (report.NotesText is { } notes)
        {
            // Never silent: what a passing check did not count, or waited for, is in the test's output.
            TestContext.Out.WriteLine(notes);
        }
    }
}
