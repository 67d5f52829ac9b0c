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

    [Fact]
    public void Work_that_only_waits_for_a_thread_while_other_code_starves_the_pool_is_not_a_leak_and_the_report_says_the_check_waited()
    {
        var release = new ManualResetEventSlim();
        var stalled = StarvePool(release);
        TaskLeakReport? report = null;
        var asker = new Thread(() =>
        {
            var scope = TaskLeakScope.Begin("starved", new TaskLeakOptions { Timeout = Timeout });
            _ = Task.Run(() => { });
            report = scope.StopAsync().GetAwaiter().GetResult();
        });

        Assert.True(stalled.Wait(TimeSpan.FromSeconds(20)), "the pool never stalled");
        asker.Start();

        // The other code stops blocking the pool well after the timeout: the check waited for it.
        Assert.False(asker.Join(Timeout + TimeSpan.FromSeconds(1)), "the verdict did not wait for the stalled pool");
        release.Set();
        Assert.True(asker.Join(TimeSpan.FromSeconds(30)), "the verdict did not return once the pool made progress again");

        Assert.True(report!.IsClean, report.ToString());
        Assert.Contains(report.Notes, n => n.StartsWith("The thread pool made no progress for ", StringComparison.Ordinal) && n.Contains("the check waited for the pool", StringComparison.Ordinal));
    }

    [Fact]
    public void When_the_grace_runs_out_with_the_pool_still_stalled_the_report_says_the_task_never_got_a_thread()
    {
        var release = new ManualResetEventSlim();
        var stalled = StarvePool(release);
        TaskLeakReport? report = null;
        var grace = TimeSpan.FromSeconds(1);
        var asker = new Thread(() =>
        {
            var scope = TaskLeakScope.Begin("starved", new TaskLeakOptions { Timeout = Timeout, StarvationGrace = grace });
            _ = Task.Run(() => { });
            report = scope.StopAsync().GetAwaiter().GetResult();
        });

        Assert.True(stalled.Wait(TimeSpan.FromSeconds(20)), "the pool never stalled");
        asker.Start();
        bool returned = asker.Join(TimeSpan.FromSeconds(20));
        release.Set();

        Assert.True(returned, "the verdict did not return within 20 s");
        var leak = Assert.Single(report!.Leaks);
        Assert.StartsWith("queued, never started: the thread pool made no progress for ", leak.State);
        Assert.EndsWith(", so this task never got a thread", leak.State);
        Assert.StartsWith("This task may be fine: it only waited for a thread. The pool's threads were all blocked by work no scope tracks", leak.Hint);
        Assert.InRange(report.Waited, Timeout + grace, Timeout + grace + TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_scope_whose_own_tasks_block_the_pool_keeps_its_timeout()
    {
        var release = new ManualResetEventSlim();
        TaskLeakReport? report = null;
        var asker = new Thread(() =>
        {
            var scope = TaskLeakScope.Begin("starving itself", new TaskLeakOptions { Timeout = Timeout });
            using var started = new CountdownEvent(Environment.ProcessorCount);
            for (int i = 0; i < 4 * Environment.ProcessorCount + 64; i++)
            {
                _ = Task.Run(() => { started.Signal(); release.Wait(); });
            }

            _ = Task.Run(() => { });
            started.Wait();
            report = scope.StopAsync().GetAwaiter().GetResult();
        });

        asker.Start();
        bool returned = asker.Join(TimeSpan.FromSeconds(20));
        release.Set();

        Assert.True(returned, "the verdict did not return within 20 s");
        Assert.Contains(report!.Leaks, l => l.IsRunning);
        Assert.InRange(report.Waited, Timeout, Timeout + TimeSpan.FromMilliseconds(500));
    }

    // Blocks every pool thread with work outside any scope (as another test's load test would) and returns a
    // signal set once the pool has been seen making no progress.
    private static ManualResetEventSlim StarvePool(ManualResetEventSlim release)
    {
        var stalled = new ManualResetEventSlim();
        new Thread(() =>
        {
            // More than the pool has threads now (earlier tests may have grown it), so work stays queued.
            for (int i = 0; i < ThreadPool.ThreadCount + 4 * Environment.ProcessorCount + 64; i++)
            {
                ThreadPool.UnsafeQueueUserWorkItem(_ => release.Wait(), null);
            }

            var before = Tracking.ThreadPoolProgress.Now();
            while (!release.IsSet)
            {
                release.Wait(100);
                var now = Tracking.ThreadPoolProgress.Now();
                if (now.StalledSince(before))
                {
                    stalled.Set();
                    return;
                }

                before = now;
            }
        }) { IsBackground = true }.Start();
        return stalled;
    }

    private static async Task NeverEndsAsync() => await new TaskCompletionSource().Task;
}
