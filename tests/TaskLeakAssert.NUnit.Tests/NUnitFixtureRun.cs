using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.NUnit.Tests;

/// <summary>Runs the NUnit fixture project once, through the real NUnit runner, for all the tests that read its results.</summary>
public sealed class NUnitFixtureRun : IAsyncLifetime
{
    public IReadOnlyDictionary<string, FixtureResult> Results { get; private set; } = new Dictionary<string, FixtureResult>();

    public async Task InitializeAsync() =>
        Results = await FixtureRunner.RunAsync("TaskLeakAssert.NUnit.Fixture", TimeSpan.FromMinutes(5));

    public Task DisposeAsync() => Task.CompletedTask;

    public FixtureResult this[string test] =>
        Results.TryGetValue(test, out var result)
            ? result
            : throw new KeyNotFoundException($"{test} is not among the fixture's results: {string.Join(", ", Results.Keys)}");
}
