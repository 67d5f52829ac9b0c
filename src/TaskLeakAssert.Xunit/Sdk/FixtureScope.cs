using TaskLeakAssert.Tracking;
using Xunit.Sdk;

namespace TaskLeakAssert.Xunit.Sdk;

/// <summary>
/// The tracking scope of a class's or collection's shared fixtures: it is open from before the fixtures are
/// created until after they are disposed, owns what their code starts (also lazily, from inside a test), and
/// its verdict after the disposal fails the class's or collection's cleanup, with the report naming the fixture.
/// </summary>
internal sealed class FixtureScope
{
    private readonly TaskLeakScope _scope;

    private FixtureScope(TaskLeakScope scope) => _scope = scope;

    /// <summary>A scope for these fixture types, or null when there are none or none of their tests is checked.</summary>
    public static FixtureScope? For(string name, IReadOnlyCollection<Type> fixtureTypes, IEnumerable<IXunitTestCase> testCases)
    {
        if (fixtureTypes.Count == 0)
        {
            return null;
        }

        var tests = testCases
            .Select(c => (Method: c.TestMethod.Method.ToRuntimeMethod(), TestClass: c.TestMethod.TestClass.Class.ToRuntimeType()))
            .Where(t => t.Method is not null && t.TestClass is not null)
            .Distinct();
        var options = TestAttributeSettings.ForFixture<AssertNoLeakedTasksAttribute, AllowLeakedTasksAttribute>(tests!, a => a.CreateOptions());
        if (options is null)
        {
            return null;
        }

        var codeTypes = fixtureTypes.SelectMany(FixtureScopes.CodeTypesOf).Distinct();
        return new FixtureScope(TaskLeakScope.BeginFixture(name, options, codeTypes));
    }

    /// <summary>Runs the fixtures' creation (constructors, InitializeAsync) in the scope and registers the instances.</summary>
    public async Task CreateAsync(Func<Task> create, Func<IEnumerable<object>> instances)
    {
        await _scope.RunInScopeAsync(async () =>
        {
            await create();
            return true;
        });
        foreach (var fixture in instances())
        {
            FixtureScopes.Register(fixture, _scope);
        }
    }

    /// <summary>Runs the fixtures' disposal in the scope, then the verdict: a leak joins the cleanup's failures.</summary>
    public async Task DisposeAsync(Func<Task> dispose, ExceptionAggregator aggregator, Func<IEnumerable<object>> instances)
    {
        await _scope.RunInScopeAsync(async () =>
        {
            await dispose();
            return true;
        });
        foreach (var fixture in instances())
        {
            FixtureScopes.Forget(fixture);
        }

        var report = await _scope.StopWhereCalledAsync();
        if (!report.IsClean)
        {
            aggregator.Add(new TaskLeakException(report));
        }
    }

    public static string Describe(IReadOnlyCollection<Type> fixtureTypes) =>
        string.Join(", ", fixtureTypes.Select(t => Reporting.FriendlyName.OwnerName(t) ?? t.Name));
}
