using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>The wait is event driven, and work that starts while it waits still belongs to the scope.</summary>
public sealed class WaitTests : IDisposable
{
    private static readonly TaskLeakOptions Long = new() { Timeout = TimeSpan.FromMinutes(2) };
    private readonly Leaks _leaks = new();

    public void Dispose() => _leaks.Dispose();

    [Fact]
    public async Task StopAsync_returns_as_soon_as_the_last_task_ends_not_at_the_timeout()
    {
        var gate = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Long);
        _ = _leaks.AwaitAsync(gate.Task);
        var stop = scope.StopAsync();
        Assert.False(stop.IsCompleted);

        gate.SetResult();
        var report = await stop.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.Waited < TimeSpan.FromSeconds(30), $"waited {report.Waited}");
    }

    [Fact]
    public async Task StopAsync_with_nothing_unfinished_does_not_wait_for_the_timeout()
    {
        var scope = TaskLeakScope.Begin(options: Long);
        await Task.Run(() => 1);

        var report = await scope.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task A_loop_that_a_tracked_task_starts_after_the_wait_began_is_the_scope_leak()
    {
        // The leak is expected, so this waits the full timeout: long enough for a busy thread pool to run the delegate.
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(3) });
        _ = Task.Run(async () =>
        {
            await gate.Task;
            _ = _leaks.PumpAsync();
        });
        var stop = scope.StopAsync();
        gate.SetResult();

        var report = await stop;

        Assert.Equal("async method Leaks.PumpAsync", Assert.Single(report.Leaks).Description);
    }

    [Fact]
    public async Task A_timed_out_verdict_reports_work_that_ends_while_the_report_is_written()
    {
        // Unfinished at the deadline, ended a moment later: before, the verdict dropped it and read clean.
        var gate = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        var work = _leaks.AwaitAsync(gate.Task);
        scope.WhileTheReportIsWritten = () => gate.SetResult();

        var report = await scope.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.True(work.IsCompletedSuccessfully);
        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async method Leaks.AwaitAsync", leak.Description);
        Assert.Matches("^ended within [0-9]+ ms after the timeout, while the report was written$", leak.State);
        Assert.StartsWith("It ends, but only after the check's 300 ms", leak.Hint, StringComparison.Ordinal);
        Assert.Contains("WaitTests.A_timed_out_verdict_reports_work_that_ends_while_the_report_is_written in ", leak.CreationStackTrace, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Work_that_ends_late_beside_unfinished_runs_of_the_same_work_is_counted_in_their_entry()
    {
        // A timer's runs: one ends just after the deadline, the others are still waiting. One entry, not two.
        var gates = new[] { new TaskCompletionSource(), new TaskCompletionSource(), new TaskCompletionSource() };
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        foreach (var gate in gates)
        {
            _ = _leaks.AwaitAsync(gate.Task);
        }

        scope.WhileTheReportIsWritten = () => gates[0].SetResult();

        var report = await scope.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        gates[1].SetResult();
        gates[2].SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(3, leak.Count);
        Assert.Equal("suspended at an await", leak.State);
    }

    [Fact]
    public async Task A_runner_verdict_asked_from_inside_a_test_frameworks_worker_task_does_not_wait_for_that_task()
    {
        // xunit 2 runs a test's posted continuations, and so the runner after the test, in worker tasks of its
        // own. A verdict that waited for the one running it could only resume on another thread: the next test
        // then started on a pool thread instead of xunit's. Here the worker task runs xunit's Record.Exception.
        var scope = TaskLeakScope.BeginDetached("Runner.Test", Long);
        Task<TaskLeakReport>? verdict = null;
        var recordException = typeof(Record).GetMethod(nameof(Record.Exception), [typeof(Action)])!;
        var frameworkCode = (Func<Exception?>)Delegate.CreateDelegate(typeof(Func<Exception?>), (Action)(() => verdict = scope.StopAsync()), recordException);

        var worker = await scope.RunInScopeAsync(() => Task.FromResult(Task.Factory.StartNew(frameworkCode, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default)));
        Assert.Null(await worker.WaitAsync(TimeSpan.FromSeconds(60)));

        Assert.True(verdict!.IsCompletedSuccessfully, "the verdict waited for the worker task that asked for it");
        var report = await verdict;
        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task The_timeout_is_measured_on_the_configured_TimeProvider()
    {
        var clock = new ManualClock();
        var options = new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(10), TimeProvider = clock };
        var scope = TaskLeakScope.Begin(options: options);
        _ = _leaks.PumpAsync();
        var stop = scope.StopAsync();
        Assert.False(stop.IsCompleted);

        clock.Advance(TimeSpan.FromSeconds(10));
        var report = await stop.WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Single(report.Leaks);
        Assert.Equal(TimeSpan.FromSeconds(10), report.Waited);
    }

    [Fact]
    public async Task A_synchronous_verdict_inside_the_completion_of_a_tracked_delay_is_clean_and_prompt()
    {
        // The await resumes inline inside Task.Delay's completion, so the runtime announces the delay's end
        // only after the verdict returns: the verdict must see it completed instead of waiting for it.
        var report = await Task.Run(async () =>
        {
            var scope = TaskLeakScope.Begin(options: Long);
            await Task.Delay(10);
            try
            {
                scope.AssertNoLeaks();
                return null;
            }
            catch (TaskLeakException e)
            {
                return e.Report;
            }
        }).WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Null(report);
    }

    [Fact]
    public async Task A_verdict_inside_the_completion_of_one_call_keeps_the_pending_second_call_of_the_same_method()
    {
        // The body resumes inline inside the completion of a = AwaitAsync(done), so AwaitAsync is on the
        // verdict's stack; b = AwaitAsync(never) is another task of the same method, suspended: a leak.
        var done = new TaskCompletionSource();
        var never = new TaskCompletionSource();
        var report = await Task.Run(async () =>
        {
            var body = VerdictAfterTwoCallsAsync(done.Task, never.Task);
            done.SetResult();
            return await body;
        }).WaitAsync(TimeSpan.FromSeconds(60));
        never.SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async method Leaks.AwaitAsync", leak.Description);
        Assert.Equal("suspended at an await", leak.State);
    }

    private async Task<TaskLeakReport> VerdictAfterTwoCallsAsync(Task done, Task never)
    {
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        Task a = _leaks.AwaitAsync(done);
        _ = _leaks.AwaitAsync(never);
        await a;
        return await scope.StopAsync();
    }

    [Fact]
    public async Task A_later_call_of_a_method_whose_frame_asked_for_the_verdict_is_still_judged()
    {
        // The first call asks for the verdict and returns without awaiting it; the second call of the same
        // method, from another line, waits forever: it shares only the name with the verdict's caller.
        var never = new TaskCompletionSource();
        var report = await Task.Run(async () =>
        {
            var scope = TaskLeakScope.Begin(options: Leaks.Short);
            _ = Task.Delay(200);
            Task<TaskLeakReport>? verdict = null;
            await StopOrWaitAsync(scope, wait: null, v => verdict = v);
            _ = StopOrWaitAsync(scope: null, never.Task, started: null);
            return await verdict!;
        }).WaitAsync(TimeSpan.FromSeconds(60));
        never.SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async method WaitTests.StopOrWaitAsync", leak.Description);
    }

    private static async Task StopOrWaitAsync(TaskLeakScope? scope, Task? wait, Action<Task<TaskLeakReport>>? started)
    {
        if (scope is not null)
        {
            started!(scope.StopAsync());
            return;
        }

        await wait!;
    }
}
