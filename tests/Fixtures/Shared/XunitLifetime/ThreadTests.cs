#if XUNIT_V3
using TaskLeakAssert.XunitV3;
using Xunit;
namespace TaskLeakAssert.XunitV3.LifetimeFixture;
#else
using TaskLeakAssert.Xunit;
using Xunit;
using Xunit.Abstractions;
namespace TaskLeakAssert.Xunit.LifetimeFixture;
#endif

/// <summary>
/// Where each of 200 tests starts (a pool thread or not), and whether its first Task.Run ran on its own thread,
/// with the check and without it (opted out). The adapter tests compare the two.
/// </summary>
public abstract class ThreadProbe(ITestOutputHelper output)
{
    // 200 rows in the default-JIT run the adapter tests compare; one in the runs under other JIT settings.
    private static int RowCount => int.TryParse(Environment.GetEnvironmentVariable("TASKLEAKASSERT_THREAD_PROBE_ROWS"), out int rows) ? rows : 1;

    public static IEnumerable<object[]> Rows() => Enumerable.Range(0, RowCount).Select(i => new object[] { i });

    protected async Task ProbeAsync()
    {
        int test = Environment.CurrentManagedThreadId;
        bool pool = Thread.CurrentThread.IsThreadPoolThread;
        int work = await Task.Run(() => Environment.CurrentManagedThreadId);
        output.WriteLine($"thread: pool={pool} same={work == test}");
    }
}

public sealed class ThreadWithTheCheck(ITestOutputHelper output) : ThreadProbe(output)
{
    [Theory]
    [MemberData(nameof(Rows))]
    public Task Probe(int row) => row >= 0 ? ProbeAsync() : Task.CompletedTask;
}

[AllowLeakedTasks("the baseline: the same probe without the check")]
public sealed class ThreadWithoutTheCheck(ITestOutputHelper output) : ThreadProbe(output)
{
    [Theory]
    [MemberData(nameof(Rows))]
    public Task Probe(int row) => row >= 0 ? ProbeAsync() : Task.CompletedTask;
}
