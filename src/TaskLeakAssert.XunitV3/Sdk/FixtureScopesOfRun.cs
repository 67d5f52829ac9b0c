using System.Collections.Concurrent;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert.XunitV3.Sdk;

/// <summary>
/// The scopes of the shared fixtures (class, collection and assembly fixtures) that checked tests use, begun
/// when a checked test first receives the fixture. They own what a fixture's code starts from inside a test
/// (a host started lazily by the first test), so no test is blamed for it. xunit v3's runner API gives no
/// hook around a fixture's disposal that keeps xunit's own scheduling, so there is no verdict on the
/// fixture's teardown here; the scopes end, without one, when the run ends.
/// </summary>
internal static class FixtureScopesOfRun
{
    private static readonly ConcurrentDictionary<object, TaskLeakScope> s_scopes = new(ReferenceEqualityComparer.Instance);

    public static IEnumerable<TaskLeakScope> For(IEnumerable<object?> constructorArguments)
    {
        foreach (var argument in constructorArguments)
        {
            // xunit's own services (the test output helper, the test context accessor) are not fixtures.
            if (argument is null || argument.GetType().Assembly.GetName().Name?.StartsWith("xunit", StringComparison.OrdinalIgnoreCase) == true)
            {
                continue;
            }

            yield return s_scopes.GetOrAdd(argument, static fixture =>
            {
                var scope = TaskLeakScope.BeginFixture(
                    $"fixture {Reporting.FriendlyName.OwnerName(fixture.GetType())}", new TaskLeakOptions(), FixtureScopes.CodeTypesOf(fixture.GetType()));
                return scope;
            });
        }
    }

    /// <summary>Ends every fixture scope of the run, without a verdict, so nothing stays tracked after it.</summary>
    public static async ValueTask EndAllAsync()
    {
        foreach (var fixture in s_scopes.Keys.ToArray())
        {
            if (s_scopes.TryRemove(fixture, out var scope))
            {
                await scope.DisposeAsync();
            }
        }
    }
}
