using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.Xunit.Tests;

/// <summary>Runs the xunit fixture project once, through the real xunit runner, for all the tests that read its results.</summary>
public sealed class XunitFixtureRun : IAsyncLifetime
{
    public IReadOnlyDictionary<string, FixtureResult> Results { get; private set; } = new Dictionary<string, FixtureResult>();

    public async Task InitializeAsync() =>
        Results = await FixtureRunner.RunAsync("TaskLeakAssert.Xunit.Fixture", TimeSpan.FromMinutes(5));

    public Task DisposeAsync() => Task.CompletedTask;

    public FixtureResult this[string test] =>
        Results.TryGetValue("TaskLeakAssert.Xunit.Fixture." + test, out var result)
            ? result
            : throw new KeyNotFoundException($"{test} is not among the fixture's results: {string.Join(", ", Results.Keys)}");
}
