using System.Reflection;
using System.Runtime.CompilerServices;
using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>
/// The runs of one test (a theory's rows) create their tasks at the same places: once a name's site repeated
/// three runs in a row, later runs borrow it instead of walking their stack, and say so. Another test never borrows it.
/// </summary>
[Collection(Memory)]
public sealed class RepeatedTestSiteTests : IDisposable
{
    /// <summary>
    /// The process's memory of repeated sites is shared: a test that fills it past its capacity (RunnerSiteTests)
    /// empties it under a test whose runs wait for a site to settle, so the classes that use it run one at a time.
    /// </summary>
    public const string Memory = "the memory of repeated test sites";

    private readonly Leaks _leaks = new();

    public void Dispose() => _leaks.Dispose();

    [Fact]
    public async Task A_later_run_of_a_test_borrows_the_site_its_earlier_runs_repeated_and_says_so()
    {
        string test = $"Runs{Guid.NewGuid():N}.Leaks_a_wait";
        int line = 0;
        var sites = new List<string>();
        // The first run starts on the runner's stack, the later ones resume after an await; the JIT may also change
        // the stack's shape once between runs (tiering): ten runs leave room for three in a row at one place.
        for (int run = 0; run < 10; run++)
        {
            var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var scope = BeginRun($"{test}(row: {run})");
            _ = _leaks.AwaitAsync(never.Task); line = Line();
            var report = await scope.StopAsync();
            never.SetResult();
            sites.Add(Assert.Single(report.Leaks).CreationStackTrace!);
        }

        Assert.All(sites, site => Assert.Contains($"RepeatedTestSiteTests.cs:{line}", site));
        Assert.All(sites.Take(3), site => Assert.DoesNotContain("site of an earlier task", site));
        int firstBorrowed = sites.FindIndex(site => site.Contains("site of an earlier task of the same name", StringComparison.Ordinal));
        Assert.InRange(firstBorrowed, 3, 9);
        Assert.All(sites.Skip(firstBorrowed), site => Assert.Contains("site of an earlier task of the same name", site));
    }

    [Fact]
    public async Task Another_test_that_creates_the_same_task_elsewhere_gets_its_own_site()
    {
        string settled = $"Runs{Guid.NewGuid():N}.Settles";
        for (int run = 0; run < 10; run++)
        {
            var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var scope = BeginRun($"{settled}(row: {run})");
            _ = _leaks.AwaitAsync(never.Task);
            await scope.StopAsync();
            never.SetResult();
        }

        var neverAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var other = BeginRun($"Runs{Guid.NewGuid():N}.Other(row: 0)");
        _ = _leaks.AwaitAsync(neverAgain.Task); int line = Line();
        var report = await other.StopAsync();
        neverAgain.SetResult();

        string site = Assert.Single(report.Leaks).CreationStackTrace!;
        Assert.Contains($"RepeatedTestSiteTests.cs:{line}", site);
        Assert.DoesNotContain("site of an earlier task", site);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static TaskLeakScope BeginRun(string name) =>
        TaskLeakScope.BeginCore(name, Leaks.Short, new System.Diagnostics.StackFrame(1, needFileInfo: false).GetMethod(), scheduler: null, isTestRun: true);

    private static int Line([CallerLineNumber] int line = 0) => line;
}
