using Xunit;

namespace TaskLeakAssert.Xunit.StarvationFixture;

/// <summary>Tests beside the hog, each in a class (a collection) of its own, so they run in parallel with it.</summary>
public static class VictimTests
{
    public const int Count = 4;

    /// <summary>
    /// Queues short work at the end of the pool's queue, behind the hog's blockers, and ends: the work gets a thread
    /// only once the hog lets go. (Fair queuing, as work queued from outside the pool is: a test's pool thread would
    /// otherwise run its own local queue first.)
    /// </summary>
    public static void QueueShortWork()
    {
        PoolStall.VictimsStarted.Signal();
        Assert.True(PoolStall.Stalled.Wait(TimeSpan.FromSeconds(60)), "the hog never started");
        _ = Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default);
        PoolStall.VictimsQueued.Signal();
    }

    /// <summary>
    /// Starts a short delay and ends. The delay's callback needs a pool thread too: the rest of the method runs
    /// once the pool gives one (as AsyncEx's starved test's continuation did).
    /// </summary>
    public static void StartShortDelay()
    {
        PoolStall.VictimsStarted.Signal();
        Assert.True(PoolStall.Stalled.Wait(TimeSpan.FromSeconds(60)), "the hog never started");
        _ = ShortDelayAsync();
        PoolStall.VictimsQueued.Signal();
    }

    private static async Task ShortDelayAsync() => await Task.Delay(10);
}

public class FirstVictimTests
{
    [Fact]
    public void Queues_short_work_while_another_test_starves_the_pool() => VictimTests.QueueShortWork();
}

public class SecondVictimTests
{
    [Fact]
    public void Queues_short_work_while_another_test_starves_the_pool() => VictimTests.QueueShortWork();
}

public class DelayVictimTests
{
    [Fact]
    public void Starts_a_short_delay_while_another_test_starves_the_pool() => VictimTests.StartShortDelay();
}
