using System.Collections.Concurrent;
using TaskLeakAssert.Tracking;
using Xunit.v3;

namespace TaskLeakAssert.XunitV3.Sdk;

/// <summary>
/// The scopes of the shared fixtures (class, collection and assembly fixtures) that checked tests use, begun
/// when a checked test first receives the fixture. They own what a fixture's code starts from inside a test
/// (a host started lazily by the first test), so no test is blamed for it. Each ends with a verdict once xunit
/// says its owner (the class, the collection, the assembly) finished, which is after xunit disposed the
/// fixture: <see cref="FixtureVerdictSink"/>.
/// </summary>
internal static class FixtureScopesOfRun
{
    private static readonly ConcurrentDictionary<object, (TaskLeakScope Scope, string Owner)> s_scopes = new(ReferenceEqualityComparer.Instance);

    /// <summary>The scopes of the fixtures among a checked test's constructor arguments, begun on first sight.</summary>
    public static IEnumerable<TaskLeakScope> For(IXunitTest test, IEnumerable<object?> constructorArguments)
    {
        var testClass = test.TestMethod.TestClass;
        var classFixtures = FixtureTypes(testClass.Class, typeof(global::Xunit.IClassFixture<>));
        var collectionFixtures = FixtureTypes(testClass.TestCollection.CollectionDefinition, typeof(global::Xunit.ICollectionFixture<>));
        foreach (var argument in constructorArguments)
        {
            // xunit's own services (the test output helper, the test context accessor) are not fixtures.
            if (argument is null || argument.GetType().Assembly.GetName().Name?.StartsWith("xunit", StringComparison.OrdinalIgnoreCase) == true)
            {
                continue;
            }

            var type = argument.GetType();
            string owner = classFixtures.Contains(type) ? ClassOwner(testClass.UniqueID)
                : collectionFixtures.Contains(type) ? CollectionOwner(testClass.TestCollection.UniqueID)
                : AssemblyOwner;
            string fixtureName = Reporting.FriendlyName.OwnerName(type) ?? type.Name;
            string name = owner == AssemblyOwner ? $"assembly fixture {fixtureName}"
                : owner.StartsWith("class:", StringComparison.Ordinal) ? $"class fixture {fixtureName} of {Reporting.FriendlyName.OwnerName(testClass.Class)}"
                : $"collection fixture {fixtureName} of the \"{testClass.TestCollection.TestCollectionDisplayName}\" collection";
            var options = TestAttributeSettings.ForFixture<AssertNoLeakedTasksAttribute, AllowLeakedTasksAttribute>([(test.TestMethod.Method, testClass.Class)], a => a.CreateOptions())
                ?? new TaskLeakOptions();
            yield return s_scopes.GetOrAdd(argument, fixture => (
                TaskLeakScope.BeginFixture(name, options, FixtureScopes.CodeTypesOf(fixture.GetType())),
                owner)).Scope;
        }
    }

    public const string AssemblyOwner = "assembly";

    public static string ClassOwner(string testClassUniqueId) => "class:" + testClassUniqueId;

    public static string CollectionOwner(string testCollectionUniqueId) => "collection:" + testCollectionUniqueId;

    /// <summary>Ends the scopes of one owner's fixtures and returns their verdicts.</summary>
    public static IReadOnlyList<TaskLeakReport> EndOwnedBy(string owner)
    {
        var reports = new List<TaskLeakReport>();
        foreach (var (fixture, entry) in s_scopes.ToArray())
        {
            if (entry.Owner == owner && s_scopes.TryRemove(fixture, out _))
            {
                reports.Add(entry.Scope.StopAsync().GetAwaiter().GetResult());
            }
        }

        return reports;
    }

    /// <summary>Ends every fixture scope still open when the run ends, without a verdict, so nothing stays tracked after it.</summary>
    public static async ValueTask EndAllAsync()
    {
        foreach (var fixture in s_scopes.Keys.ToArray())
        {
            if (s_scopes.TryRemove(fixture, out var entry))
            {
                await entry.Scope.DisposeAsync();
            }
        }
    }

    private static HashSet<Type> FixtureTypes(Type? declaring, Type fixtureInterface) =>
        [.. (declaring?.GetInterfaces() ?? [])
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == fixtureInterface)
            .Select(i => i.GetGenericArguments()[0])];
}
