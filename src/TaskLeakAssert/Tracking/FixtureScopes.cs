using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// The scope of each live shared fixture instance, for the adapters: the runner that creates a fixture
/// registers its scope, the runner of a test finds the scopes of the fixtures among the test class's
/// constructor arguments. Weak: a fixture instance is never kept alive by the table.
/// </summary>
internal static class FixtureScopes
{
    private static readonly ConditionalWeakTable<object, TaskLeakScope> s_scopes = new();

    public static void Register(object fixture, TaskLeakScope scope) => s_scopes.AddOrUpdate(fixture, scope);

    public static void Forget(object fixture) => s_scopes.Remove(fixture);

    public static IEnumerable<TaskLeakScope> Among(IEnumerable<object?> objects)
    {
        foreach (var candidate in objects)
        {
            if (candidate is not null && s_scopes.TryGetValue(candidate, out var scope))
            {
                yield return scope;
            }
        }
    }

    /// <summary>The types whose code is a fixture's own: its class and base classes (not <see cref="object"/>).</summary>
    public static IEnumerable<Type> CodeTypesOf(Type fixtureType)
    {
        for (var type = fixtureType; type is not null && type != typeof(object); type = type.BaseType)
        {
            yield return type;
        }
    }
}
