using TaskLeakAssert.MSTest;

namespace TaskLeakAssert.MSTest.Fixture;

/// <summary>
/// Where each of 200 tests starts (a pool thread or not), and whether its first Task.Run ran on its own thread,
/// with the check and without it. The adapter tests compare the two.
/// </summary>
public abstract class ThreadProbeBase
{
    public TestContext TestContext { get; set; } = null!;

    // 200 rows in the default-JIT run the adapter tests compare; one in the runs under other JIT settings.
    private static int RowCount => int.TryParse(Environment.GetEnvironmentVariable("TASKLEAKASSERT_THREAD_PROBE_ROWS"), out int rows) ? rows : 1;

    public static IEnumerable<object[]> Rows() => Enumerable.Range(0, RowCount).Select(i => new object[] { i });

    protected async Task ProbeAsync()
    {
        int test = Environment.CurrentManagedThreadId;
        bool pool = Thread.CurrentThread.IsThreadPoolThread;
        int work = await Task.Run(() => Environment.CurrentManagedThreadId);
        TestContext.WriteLine($"thread: pool={pool} same={work == test}");
    }
}

[TestClass]
[AssertNoLeakedTasks]
public class ThreadWithTheCheck : ThreadProbeBase
{
    [TestMethod]
    [DynamicData(nameof(Rows))]
    public Task Probe_with_the_check(int row) => ProbeAsync();
}

[TestClass]
public class ThreadWithoutTheCheck : ThreadProbeBase
{
    [TestMethod]
    [DynamicData(nameof(Rows))]
    public Task Probe_without_the_check(int row) => ProbeAsync();
}
