using Xunit;

namespace TaskLeakAssert.Benchmarks.Suite;

/// <summary>Throughput over a cache: parallel readers, each value made by async code, thousands of short tasks per test.</summary>
public abstract class CacheThroughputTests
{
    public static TheoryData<int> Rows() => [.. Enumerable.Range(0, 16)];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Readers_get_every_value(int row)
    {
        var cache = new AsyncCache<int, int>();
        int[] sums = await Task.WhenAll(Enumerable.Range(0, 8).Select(reader => Task.Run(async () =>
        {
            int sum = 0;
            for (int i = 0; i < 250; i++)
            {
                int key = (i * 7 + reader + row) % 64;
                sum += await cache.GetOrCreateAsync(key, async k =>
                {
                    await Task.Yield();
                    return k * 2;
                });
                if (i % 50 == 49)
                {
                    cache.Remove(key);
                }
            }

            return sum;
        }, TestContext.Current.CancellationToken)));

        Assert.All(sums, sum => Assert.True(sum > 0));
    }
}

/// <summary>A job test: 1,000 work items through a channel, four consumers, each item handled by async code.</summary>
public abstract class WorkItemTests
{
    public static TheoryData<int> Rounds() => [.. Enumerable.Range(0, 4)];

    [Theory]
    [MemberData(nameof(Rounds))]
    public async Task Processes_a_thousand_items(int round)
    {
        int handled = 0;
        await using var worker = new JobWorker(4, async (item, cancellationToken) =>
        {
            await Task.Yield();
            if (item % 100 == 0)
            {
                await Task.Delay(1, cancellationToken);
            }

            Interlocked.Increment(ref handled);
        });
        Assert.InRange(round, 0, 3);
        worker.Start();
        for (int item = 0; item < 1_000; item++)
        {
            await worker.EnqueueAsync(item);
        }

        await worker.DrainAsync().WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.Equal(1_000, handled);
    }

    [Fact]
    public async Task A_periodic_job_ticks_until_stopped()
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        int ticks = 0;
        var job = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
            try
            {
                while (await timer.WaitForNextTickAsync(stop.Token))
                {
                    if (Interlocked.Increment(ref ticks) == 20)
                    {
                        await stop.CancelAsync();
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }, TestContext.Current.CancellationToken);

        await job.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(ticks >= 20);
    }
}

/// <summary>Many short tests, each fanning out a little work.</summary>
public abstract class ShortTests
{
    public static TheoryData<int> Rows() => [.. Enumerable.Range(0, 150)];

    [Theory]
    [MemberData(nameof(Rows))]
    public async Task Fans_out_and_joins(int row)
    {
        int[] results = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Task.Run(async () =>
        {
            await Task.Yield();
            return i + row;
        }, TestContext.Current.CancellationToken)));

        Assert.Equal(20, results.Length);
    }
}

public sealed class Cache1 : CacheThroughputTests;
public sealed class Cache2 : CacheThroughputTests;
public sealed class Cache3 : CacheThroughputTests;
public sealed class Cache4 : CacheThroughputTests;
public sealed class Jobs1 : WorkItemTests;
public sealed class Jobs2 : WorkItemTests;
public sealed class Jobs3 : WorkItemTests;
public sealed class Jobs4 : WorkItemTests;
public sealed class Short1 : ShortTests;
public sealed class Short2 : ShortTests;
public sealed class Short3 : ShortTests;
public sealed class Short4 : ShortTests;
