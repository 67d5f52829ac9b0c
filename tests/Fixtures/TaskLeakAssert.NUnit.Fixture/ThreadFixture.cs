using NUnit.Framework;
using TaskLeakAssert.NUnit;

namespace TaskLeakAssert.NUnit.Fixture;

/// <summary>
/// Where each of 200 tests starts (a pool thread or not), and whether its first Task.Run ran on its own thread,
/// with the check and without it (opted out). The adapter tests compare the two.
/// </summary>
public abstract class ThreadProbe
{
    // 200 rows in the default-JIT run the adapter tests compare; one in the runs under other JIT settings.
    private static int RowCount => int.TryParse(Environment.GetEnvironmentVariable("TASKLEAKASSERT_THREAD_PROBE_ROWS"), out int rows) ? rows : 1;

    public static IEnumerable<int> Rows() => Enumerable.Range(0, RowCount);

    protected static async Task ProbeAsync()
    {
        int test = Environment.CurrentManagedThreadId;
        bool pool = Thread.CurrentThread.IsThreadPoolThread;
        int work = await Task.Run(() => Environment.CurrentManagedThreadId);
        TestContext.Out.WriteLine($"thread: pool={pool} same={work == test}");
    }
}

public class ThreadWithTheCheck : ThreadProbe
{
    [TestCaseSource(nameof(Rows))]
    public Task Probe_with_the_check(int row) => ProbeAsync();
}

[AllowLeakedTasks("the baseline: the same probe without the check")]
public class ThreadWithoutTheCheck : ThreadProbe
{
    [TestCaseSource(nameof(Rows))]
    public Task Probe_without_the_check(int row) => ProbeAsync();
}
