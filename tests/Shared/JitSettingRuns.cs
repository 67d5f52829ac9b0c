using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.Tests.Shared;

/// <summary>
/// Runs a fixture project through the real runner, once under the default JIT and once under each JIT
/// setting that changes stack shapes and timing.
/// </summary>
/// <param name="fixture">The fixture project's folder under tests/Fixtures.</param>
/// <param name="testNamePrefix">What the runner puts before a test's class and method in its results
/// (xunit: the namespace and a dot; NUnit: nothing, it reports the method name alone).</param>
/// <param name="adapterDir">The folder with the adapter assemblies the fixture runs against; by default the calling test's output folder.</param>
public abstract class JitSettingRuns(string fixture, string testNamePrefix, string? adapterDir = null) : IAsyncLifetime
{
    public const string Default = "default JIT";

    /// <summary>The variable that tells a fixture's thread probes how many rows to run (one when unset).</summary>
    public const string ThreadProbeRows = "TASKLEAKASSERT_THREAD_PROBE_ROWS";

    public static readonly IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> JitSettings = new Dictionary<string, IReadOnlyDictionary<string, string>>
    {
        // The thread probes' 200 rows per side run once, under the default JIT; the other runs keep one row each.
        [Default] = new Dictionary<string, string> { [ThreadProbeRows] = "200" },
        ["DOTNET_TieredCompilation=0"] = new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" },
        ["DOTNET_TC_CallCountingDelayMs=0"] = new Dictionary<string, string> { ["DOTNET_TC_CallCountingDelayMs"] = "0" },
        ["DOTNET_TieredPGO=0"] = new Dictionary<string, string> { ["DOTNET_TieredPGO"] = "0" },
    };

    public Dictionary<string, FixtureRun> Runs { get; } = [];

    public async Task InitializeAsync()
    {
        // One after another: parallel runs would only compete for the same two cores.
        foreach (var (setting, environment) in JitSettings)
        {
            Runs[setting] = await FixtureRunner.RunAsync(fixture, TimeSpan.FromMinutes(5), environment, adapterDir);
        }
    }

    public Task DisposeAsync() => Task.CompletedTask;

    public FixtureResult this[string test] =>
        Runs[Default].TryGetValue(testNamePrefix + test, out var result)
            ? result
            : throw new KeyNotFoundException($"{test} is not among the fixture's results: {string.Join(", ", Runs[Default].Keys.Take(20))}");
}
