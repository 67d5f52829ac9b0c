using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>Code that cleans up after itself gives a clean report: no false alarms.</summary>
public sealed class CleanZooTests : IDisposable
{
    private readonly Leaks _leaks = new();

    public void Dispose() => _leaks.Dispose();

    [Fact]
    public async Task Awaited_work_of_every_kind_is_clean()
    {
        var report = await TaskLeakDetector.RunAsync(async () =>
        {
            await Task.Run(() => 1);
            await Task.Run(async () => await Task.Delay(5));
            await Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
            await Task.Delay(5).ContinueWith(_ => 2, TaskScheduler.Default);
            await Task.WhenAll(Task.Delay(5), Task.Run(() => 3));
            await Task.WhenAny(Task.Delay(5), Task.Delay(10));
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.TrackedCount > 0);
    }

    [Fact]
    public async Task A_loop_that_returns_when_its_token_is_canceled_is_clean()
    {
        using var cts = new CancellationTokenSource();
        var report = await TaskLeakDetector.RunAsync(() =>
        {
            _ = PollUntilCanceledAsync(cts.Token);
            cts.CancelAfter(20);
            return Task.CompletedTask;
        });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task A_loop_that_ends_canceled_by_throwing_on_its_token_is_clean()
    {
        using var cts = new CancellationTokenSource();
        var report = await TaskLeakDetector.RunAsync(() =>
        {
            _ = Task.Run(() => DelayUntilCanceledAsync(cts.Token));
            cts.CancelAfter(20);
            return Task.CompletedTask;
        });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task Short_fire_and_forget_work_that_ends_before_the_timeout_is_clean()
    {
        var report = await TaskLeakDetector.RunAsync(() =>
        {
            _ = Task.Delay(30);
            _ = Task.Run(async () => await Task.Delay(30));
            return Task.CompletedTask;
        });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task Tasks_created_before_the_scope_are_never_reported()
    {
        var before = _leaks.PumpAsync();
        var report = await TaskLeakDetector.RunAsync(() => Task.CompletedTask, Leaks.Short);

        Assert.True(report.IsClean, report.ToString());
        Assert.False(before.IsCompleted);
    }

    [Fact]
    public async Task Completed_and_cached_tasks_are_clean()
    {
        var report = await TaskLeakDetector.RunAsync(async () =>
        {
            await Task.CompletedTask;
            await Task.FromResult(1);
            await new ValueTask<int>(2);
            await CompletesSynchronouslyAsync();
            _ = Task.FromException(new InvalidOperationException("never thrown: a completed task is not tracked"));
        });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task Parallel_awaited_work_is_clean()
    {
        var report = await TaskLeakDetector.RunAsync(async () =>
        {
            await Task.WhenAll(Enumerable.Range(0, 100).Select(i => Task.Run(async () => await Task.Delay(i % 5))));
            await Parallel.ForEachAsync(Enumerable.Range(0, 50), async (_, ct) => await Task.Delay(1, ct));
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.TrackedCount >= 200, $"tracked {report.TrackedCount}");
    }

    [Fact]
    public async Task A_fault_awaited_in_a_try_catch_is_handled_not_leaked()
    {
        var report = await TaskLeakDetector.RunAsync(async () =>
        {
            try
            {
                await _leaks.FailAsync("handled");
            }
            catch (InvalidOperationException)
            {
            }
        });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task A_fault_observed_by_Assert_ThrowsAsync_is_handled_not_leaked()
    {
        var report = await TaskLeakDetector.RunAsync(async () =>
        {
            var failing = _leaks.FailAsync("expected");
            await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        });

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task An_unobserved_fault_is_ignored_when_FailOnFaultedTasks_is_off()
    {
        var options = Leaks.Short;
        options.FailOnFaultedTasks = false;
        var report = await TaskLeakDetector.RunAsync(() => { _ = _leaks.FailAsync("ignored"); return Task.CompletedTask; }, options);

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task The_async_method_that_opened_a_scope_is_not_its_own_leak()
    {
        var scope = TaskLeakScope.Begin();
        await Task.Delay(10);
        await Task.Run(() => Task.Delay(10));
        await scope.AssertNoLeaksAsync();
    }

    [Fact]
    public async Task A_helper_method_that_awaits_the_verdict_is_its_caller_not_a_leak_nor_a_reason_to_wait()
    {
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMinutes(2) });
        await Task.Yield();

        var early = await StopThroughHelperAsync(scope, yieldFirst: true).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(early.IsClean, early.ToString());

        var late = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMinutes(2) });
        var report = await StopThroughHelperAsync(late, yieldFirst: false).WaitAsync(TimeSpan.FromSeconds(60));
        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public void A_scope_opened_and_asserted_synchronously_waits_for_short_work_and_is_clean()
    {
        var scope = TaskLeakScope.Begin();
        var work = Task.Run(() => Thread.SpinWait(1000));
        scope.AssertNoLeaks();
        Assert.True(work.IsCompleted);
    }

    // With yieldFirst the helper's task exists before it asks; without, the runtime creates it right after.
    private static async Task<TaskLeakReport> StopThroughHelperAsync(TaskLeakScope scope, bool yieldFirst)
    {
        if (yieldFirst)
        {
            await Task.Yield();
        }

        return await scope.StopAsync();
    }

    private static async Task PollUntilCanceledAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            await Task.Delay(5, CancellationToken.None);
        }
    }

    private static async Task DelayUntilCanceledAsync(CancellationToken token)
    {
        while (true)
        {
            await Task.Delay(5, token);
        }
    }

    private static async Task<int> CompletesSynchronouslyAsync()
    {
        await Task.CompletedTask;
        return 1;
    }
}
