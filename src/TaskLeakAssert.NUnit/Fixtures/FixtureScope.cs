using System.Reflection;
using System.Runtime.CompilerServices;
using NUnit.Framework.Interfaces;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert.NUnit.Fixtures;

/// <summary>
/// The scope of one NUnit fixture's shared objects: what the objects its one-time setup keeps in the fixture's
/// fields start from inside a test (a host or a WebApplicationFactory started lazily by the first test) is
/// the fixture's, never that test's.
/// </summary>
/// <remarks>
/// NUnit runs an action attribute's suite hooks inside the fixture's one-time setup and teardown, never around
/// them (measured: <c>[OneTimeSetUp]</c>, then BeforeTest(suite), the tests, AfterTest(suite), then
/// <c>[OneTimeTearDown]</c>), so no hook can track the setup or judge the teardown. The scope begins at the
/// fixture's first checked test and ends, without a verdict, at the suite hook after its last test (the
/// fixture's own, or the assembly's when only the assembly carries the attribute). Work the one-time setup
/// starts itself runs outside every test's scope, so it is never a test's leak either.
/// </remarks>
internal sealed class FixtureScope
{
    private const BindingFlags AllFields = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly ConditionalWeakTable<ITest, FixtureScope> s_bySuite = new();
    private static readonly List<(ITest Suite, FixtureScope Scope)> s_open = [];

    private readonly TaskLeakScope _scope;
    private readonly Type _fixtureType;

    private FixtureScope(TaskLeakScope scope, Type fixtureType)
    {
        _scope = scope;
        _fixtureType = fixtureType;
    }

    /// <summary>
    /// The scope of the fixture a test belongs to, begun at its first checked test; null when no suite hook
    /// will end it (the attribute is on neither the fixture nor the assembly).
    /// </summary>
    public static FixtureScope? Of(ITest test)
    {
        var suite = test.Parent;
        while (suite is not null && (suite.TypeInfo?.Type is null || suite.Method is not null))
        {
            suite = suite.Parent;
        }

        if (suite?.TypeInfo?.Type is not { } type
            || !(type.IsDefined(typeof(AssertNoLeakedTasksAttribute), inherit: true) || type.Assembly.IsDefined(typeof(AssertNoLeakedTasksAttribute))))
        {
            return null;
        }

        lock (s_open)
        {
            if (!s_bySuite.TryGetValue(suite, out var fixture))
            {
                fixture = new FixtureScope(TaskLeakScope.BeginFixture($"fixture {FriendlyName.OwnerName(type) ?? type.Name}", new TaskLeakOptions(), []), type);
                s_bySuite.AddOrUpdate(suite, fixture);
                s_open.Add((suite, fixture));
            }

            return fixture;
        }
    }

    /// <summary>
    /// The fixture's scope for a test, knowing by now what its one-time setup keeps: the classes of the objects
    /// in the fixture's fields are the fixture's code (a host, a WebApplicationFactory, a client it set up).
    /// </summary>
    public TaskLeakScope ScopeFor(object? fixtureInstance)
    {
        var held = _fixtureType.GetFields(AllFields)
            .Where(f => f.IsStatic || fixtureInstance is not null)
            .Select(f => f.GetValue(f.IsStatic ? null : fixtureInstance))
            .OfType<object>()
            .Select(value => value.GetType())
            .Where(IsUserOrLibraryType)
            .SelectMany(FixtureScopes.CodeTypesOf)
            .Distinct()
            .ToArray();
        _scope.SetFixtureTypes(held);
        return _scope;
    }

    /// <summary>At a suite hook after the tests: the scopes of this fixture (or, for the assembly, of every fixture) end.</summary>
    public static void EndAfter(ITest suite)
    {
        FixtureScope[] ended;
        lock (s_open)
        {
            ended = [.. s_open.Where(o => suite.Parent is null || o.Suite == suite).Select(o => o.Scope)];
            s_open.RemoveAll(o => ended.Contains(o.Scope));
        }

        foreach (var fixture in ended)
        {
            fixture._scope.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    // The runtime's own types (a CancellationTokenSource, a list, a task), NUnit's and ours are nobody's fixture code.
    private static bool IsUserOrLibraryType(Type type) =>
        !FrameFilter.IsRuntimeOrSelf(type)
        && type.Assembly.GetName().Name?.StartsWith("nunit", StringComparison.OrdinalIgnoreCase) == false
        && !typeof(Delegate).IsAssignableFrom(type);
}
