using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>Names, status phrases and hints that fit what the runtime shows.</summary>
public sealed class ReportWordingTests : IDisposable
{
    private readonly Leaks _leaks = new();

    public void Dispose() => _leaks.Dispose();

    [Fact]
    public async Task Task_WhenAny_over_an_array_reads_as_Task_WhenAny()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = Task.WhenAny(new[] { never.Task });

        var report = await scope.StopAsync();
        never.SetResult();

        Assert.Equal("Task.WhenAny", Assert.Single(report.Leaks).Description);
        Assert.DoesNotContain("ContinueWhenAny", report.ToString());
    }

    [Fact]
    public async Task A_delay_that_already_has_a_cancelable_token_gets_the_hint_that_nobody_cancels_it()
    {
        using var neverCanceled = new CancellationTokenSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = PollAsync(neverCanceled.Token, passTheToken: true);

        var report = await scope.StopAsync();
        await neverCanceled.CancelAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.StartsWith("The delay already has a cancelable token, and nobody cancels it", leak.Hint);
        Assert.Equal(["ReportWordingTests.PollAsync", "Task.Delay"], leak.AwaitChain);
    }

    [Fact]
    public async Task A_delay_without_a_token_gets_the_hint_to_pass_one()
    {
        using var stop = new CancellationTokenSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = PollAsync(stop.Token, passTheToken: false);

        var report = await scope.StopAsync();
        await stop.CancelAsync();

        Assert.StartsWith("Pass the CancellationToken to Task.Delay", Assert.Single(report.Leaks).Hint);
    }

    [Fact]
    public async Task A_task_running_on_a_thread_has_one_status_phrase()
    {
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = _leaks.SpinAfterYieldAsync();
        await _leaks.Spinning;

        var report = await scope.StopAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("running on a thread, not at an await", leak.State);
        Assert.DoesNotContain("(not at an await)", report.ToString());
    }

    [Fact]
    public async Task Task_WhenAll_says_how_many_of_its_tasks_are_still_pending()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = Task.WhenAll(never.Task, Task.CompletedTask, never.Task);

        var report = await scope.StopAsync();
        never.SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("Task.WhenAll", leak.Description);
        Assert.Equal("waiting for 2 of its tasks", leak.State);
    }

    [Fact]
    public async Task Task_WhenAny_says_that_none_of_its_tasks_has_ended()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = Task.WhenAny(never.Task, never.Task);

        var report = await scope.StopAsync();
        never.SetResult();

        Assert.Equal("waiting: none of its 2 tasks has ended", Assert.Single(report.Leaks).State);
    }

    [Fact]
    public async Task A_continuation_says_what_it_continues()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = never.Task.ContinueWith(_ => { }, TaskScheduler.Default);

        var report = await scope.StopAsync();
        never.SetResult();

        Assert.Equal("waiting for the task it continues: a TaskCompletionSource task that is never completed", Assert.Single(report.Leaks).State);
    }

    private static async Task PollAsync(CancellationToken stop, bool passTheToken)
    {
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(10, passTheToken ? stop : CancellationToken.None);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
