using Xunit;

namespace TaskLeakAssert.Xunit.StarvationFixture;

/// <summary>
/// One test blocks every thread-pool thread for a while, as a load test in a real suite does (AsyncEx's queued
/// 101 blocking Task.Run items and stalled the pool for 31 s). The tests running beside it queue short work that
/// gets no thread until the hog lets go, well after their 500 ms timeout. Their check must not blame them.
/// </summary>
public static class PoolStall
{
    /// <summary>
    /// The victims that have started. xunit runs tests on pool threads: a victim that had not started when the pool
    /// stalled would start only after it, so the hog blocks the pool only once all have.
    /// </summary>
    public static readonly CountdownEvent VictimsStarted = new(VictimTests.Count);

    /// <summary>The victims that have queued their work and ended their bodies.</summary>
    public static readonly CountdownEvent VictimsQueued = new(VictimTests.Count);

    /// <summary>Set once the hog's blockers hold the pool: the victims queue their work behind them.</summary>
    public static readonly ManualResetEventSlim Stalled = new();

    /// <summary>How long the hog holds the pool after the last victim queued its work: past their timeout, by far.</summary>
    public static readonly TimeSpan HoldAfterVictims = TimeSpan.FromSeconds(3);
}

public class PoolHogTests
{
    [Fact]
    public async Task Blocks_every_pool_thread_until_the_victims_have_waited_past_their_timeout()
    {
        using var release = new ManualResetEventSlim();
        Assert.True(PoolStall.VictimsStarted.Wait(TimeSpan.FromSeconds(60)), "the victims never started");

        // Its own blocking tasks end when it releases them, and it awaits them all: its own check is clean. Queued
        // fairly (to the pool's global queue, not this thread's own), so work queued after them waits behind them.
        var blockers = Enumerable.Range(0, ThreadPool.ThreadCount + 4 * Environment.ProcessorCount + 64)
            .Select(_ => Task.Factory.StartNew(() => release.Wait(), CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default))
            .ToArray();

        // A thread of its own lets go: a pool timer or continuation would need the very pool it blocks.
        var releaser = new Thread(() =>
        {
            PoolStall.Stalled.Set();
            if (PoolStall.VictimsQueued.Wait(TimeSpan.FromSeconds(60)))
            {
                release.Wait(PoolStall.HoldAfterVictims);
            }

            release.Set();
        }) { IsBackground = true };
        releaser.Start();

        await Task.WhenAll(blockers);
    }
}
