using Xunit;

namespace TaskLeakAssert.Tests;

[CollectionDefinition(nameof(StarvationTests), DisableParallelization = true)]
public sealed class StarvationCollection;

/// <summary>
/// Leaked work often blocks pool threads, and that is when the timeout must still hold: the verdict's clock
/// and its wake-up need no pool thread. Alone in its collection: it starves the whole process's pool.
/// </summary>
[Collection(nameof(StarvationTests))]
public sealed class StarvationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(500);

    [Theory]
    [InlineData("AssertNoLeaks")]
    [InlineData("StopAsync")]
    public void With_every_pool_thread_blocked_the_timeout_holds_and_Waited_tells_the_truth(string verdict)
    {
        // Not disposed: queued blockers that start after the release must still find it set.
        var release = new ManualResetEventSlim();
        TaskLeakReport? report = null;
        var asker = new Thread(() =>
        {
            var scope = TaskLeakScope.Begin("starved", new TaskLeakOptions { Timeout = Timeout });
            _ = NeverEndsAsync();

            // More blocked work items than the pool has threads, and it keeps them blocked as it grows.
            for (int i = 0; i < 4 * Environment.ProcessorCount + 64; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => release.Wait(), null);
            }

            if (verdict == "AssertNoLeaks")
            {
                report = Assert.Throws<TaskLeakException>(scope.AssertNoLeaks).Report;
            }
            else
            {
                report = scope.StopAsync().GetAwaiter().GetResult();
            }
        });

        asker.Start();
        bool returned = asker.Join(TimeSpan.FromSeconds(20));
        release.Set();

        Assert.True(returned, "the verdict did not return within 20 s while the pool was starved");
        Assert.NotNull(report);
        Assert.Single(report.Leaks);
        Assert.InRange(report.Waited, Timeout, Timeout + TimeSpan.FromMilliseconds(250));
    }

    private static async Task NeverEndsAsync() => await new TaskCompletionSource().Task;
}
