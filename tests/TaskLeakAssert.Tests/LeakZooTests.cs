using System.Threading.Channels;
using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>One test per way async code leaves work behind: each is reported, described in the user's terms, with its creation site.</summary>
public sealed class LeakZooTests : IDisposable
{
    private readonly Leaks _leaks = new();

    public void Dispose() => _leaks.Dispose();

    [Fact]
    public async Task Task_Run_with_a_cpu_bound_delegate_is_reported_as_running_on_a_thread()
    {
        int line = 0;
        var report = await TaskLeakDetector.RunAsync(async () => { line = Leaks.Here(); _ = Task.Run(_leaks.Spin); await _leaks.Spinning; }, Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(LeakKind.NotCompleted, leak.Kind);
        Assert.Equal("Task.Run delegate Leaks.Spin", leak.Description);
        Assert.True(leak.IsRunning);
        Assert.Equal(TaskStatus.Running, leak.Status);
        Assert.Contains($"LeakZooTests.cs:{line}", leak.CreationStackTrace);
        Assert.Contains("IsCancellationRequested", leak.Hint);
        Assert.StartsWith("TLA001 (TaskLeakAssert.Analyzers) finds this at compile time: a task started", leak.StaticCheck);
    }

    [Fact]
    public async Task Task_Run_of_an_async_method_reads_as_that_method_not_as_Unwrap()
    {
        int line = 0;
        var report = await TaskLeakDetector.RunAsync(async () => { line = Leaks.Here(); _ = Task.Run(_leaks.PumpAsync); await _leaks.Pumping; }, Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.StartsWith("async method Leaks.PumpAsync (started by Task.Run in lambda in LeakZooTests.", leak.Description);
        Assert.DoesNotContain("Task.Unwrap", report.ToString());
        Assert.Equal(["Leaks.PumpAsync", "Task.Delay"], leak.AwaitChain);
        Assert.Contains("Leaks.cs:", leak.CreationStackTrace);
        Assert.Contains($"LeakZooTests.cs:{line}", leak.CreationStackTrace);
    }

    [Fact]
    public async Task Task_Factory_StartNew_on_the_default_scheduler_is_reported()
    {
        var report = await TaskLeakDetector.RunAsync(
            async () => { _ = Task.Factory.StartNew(_leaks.Spin, CancellationToken.None, TaskCreationOptions.None, TaskScheduler.Default); await _leaks.Spinning; },
            Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("Task.Factory.StartNew delegate Leaks.Spin", leak.Description);
        Assert.True(leak.IsRunning);
    }

    [Fact]
    public async Task Task_Factory_StartNew_on_a_custom_scheduler_is_reported()
    {
        var scheduler = new ConcurrentExclusiveSchedulerPair().ConcurrentScheduler;
        var report = await TaskLeakDetector.RunAsync(
            async () => { _ = Task.Factory.StartNew(_leaks.Spin, CancellationToken.None, TaskCreationOptions.None, scheduler); await _leaks.Spinning; },
            Leaks.Short);

        Assert.Equal("Task.Factory.StartNew delegate Leaks.Spin", Assert.Single(report.Leaks).Description);
    }

    [Fact]
    public async Task Task_Factory_StartNew_with_an_async_delegate_reports_the_async_lambda()
    {
        var report = await TaskLeakDetector.RunAsync(
            async () => { _ = Task.Factory.StartNew(async () => await _leaks.PumpAsync()); await _leaks.Pumping; },
            Leaks.Short);

        var lambda = Assert.Single(report.Leaks);
        Assert.StartsWith("async lambda in LeakZooTests.", lambda.Description);
        Assert.Equal(3, lambda.AwaitChain.Count);
        Assert.Equal("Leaks.PumpAsync", lambda.AwaitChain[1]);
    }

    [Fact]
    public async Task A_LongRunning_task_is_reported_as_such()
    {
        var report = await TaskLeakDetector.RunAsync(
            async () => { _ = Task.Factory.StartNew(_leaks.Spin, TaskCreationOptions.LongRunning); await _leaks.Spinning; },
            Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("long-running task Leaks.Spin", leak.Description);
        Assert.True(leak.IsRunning);
    }

    [Fact]
    public async Task A_dropped_async_method_task_is_reported_with_what_it_awaits()
    {
        int line = 0;
        var report = await TaskLeakDetector.RunAsync(() => { line = Leaks.Here(); _ = _leaks.PumpAsync(); return Task.CompletedTask; }, Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async method Leaks.PumpAsync", leak.Description);
        Assert.Equal("Leaks.PumpAsync", leak.MethodName);
        Assert.Equal("suspended at an await", leak.State);
        Assert.False(leak.IsRunning);
        Assert.Equal(["Leaks.PumpAsync", "Task.Delay"], leak.AwaitChain);
        Assert.Contains($"LeakZooTests.cs:{line}", leak.CreationStackTrace);
        Assert.Contains("Task.Delay(delay, token)", leak.Hint);
        Assert.StartsWith("TLA002 (TaskLeakAssert.Analyzers) finds this at compile time: a wait given no token", leak.StaticCheck);
    }

    [Fact]
    public async Task A_dropped_async_lambda_is_reported_as_a_lambda_in_its_method()
    {
        var report = await TaskLeakDetector.RunAsync(
            () =>
            {
                Func<Task> loop = async () => await Task.Delay(Timeout.Infinite, _leaks.Release);
                _ = loop();
                return Task.CompletedTask;
            },
            Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async lambda in LeakZooTests.A_dropped_async_lambda_is_reported_as_a_lambda_in_its_method", leak.Description);
        Assert.Equal(2, leak.AwaitChain.Count);
        Assert.Equal("Task.Delay(Infinite)", leak.AwaitChain[1]);
    }

    [Fact]
    public async Task An_async_void_method_is_reported_and_told_to_return_Task()
    {
        var report = await TaskLeakDetector.RunAsync(() => { OnMessage(); return Task.CompletedTask; }, Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async void method LeakZooTests.OnMessage", leak.Description);
        Assert.StartsWith("async void cannot be awaited", leak.Hint);
        Assert.StartsWith("TLA003 (TaskLeakAssert.Analyzers)", leak.StaticCheck);
    }

    [Fact]
    public async Task A_ContinueWith_continuation_that_never_ends_is_reported()
    {
        var report = await TaskLeakDetector.RunAsync(
            async () => { _ = Task.Delay(1).ContinueWith(_ => _leaks.Spin(), TaskScheduler.Default); await _leaks.Spinning; },
            Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.StartsWith("ContinueWith continuation lambda in LeakZooTests.", leak.Description);
        Assert.True(leak.IsRunning);
    }

    [Fact]
    public async Task A_dropped_Task_Delay_is_reported_when_nothing_else_leaked()
    {
        var report = await TaskLeakDetector.RunAsync(() => { _ = Task.Delay(Timeout.Infinite, _leaks.Release); return Task.CompletedTask; }, Leaks.Short);

        Assert.Equal("Task.Delay(Infinite)", Assert.Single(report.Leaks).Description);
    }

    [Fact]
    public async Task WhenAll_over_leaked_work_shows_in_the_waiting_method_chain_and_the_inputs_are_reported()
    {
        var report = await TaskLeakDetector.RunAsync(
            () => { _ = _leaks.AwaitAsync(Task.WhenAll(_leaks.PumpAsync(), Task.Delay(1))); return Task.CompletedTask; },
            Leaks.Short);

        Assert.Equal(2, report.Leaks.Count);
        var waiter = Assert.Single(report.Leaks, l => l.Description == "async method Leaks.AwaitAsync");
        Assert.Equal(["Leaks.AwaitAsync", "Task.WhenAll"], waiter.AwaitChain);
        Assert.Single(report.Leaks, l => l.Description == "async method Leaks.PumpAsync");
    }

    [Fact]
    public async Task WhenAny_over_leaked_work_is_reported()
    {
        var report = await TaskLeakDetector.RunAsync(
            () => { _ = _leaks.AwaitAsync(Task.WhenAny(_leaks.PumpAsync(), _leaks.DelayForeverAsync())); return Task.CompletedTask; },
            Leaks.Short);

        var waiter = Assert.Single(report.Leaks, l => l.Description == "async method Leaks.AwaitAsync");
        Assert.Equal(["Leaks.AwaitAsync", "Task.WhenAny"], waiter.AwaitChain);
    }

    [Fact]
    public async Task Work_started_from_a_Timer_callback_created_in_the_scope_is_reported()
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Timer? timer = null;
        var report = await TaskLeakDetector.RunAsync(
            async () =>
            {
                timer = new Timer(_ => { _ = _leaks.PumpAsync(); fired.TrySetResult(); }, null, 0, Timeout.Infinite);
                await fired.Task;
            },
            Leaks.Short);
        timer!.Dispose();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async method Leaks.PumpAsync", leak.Description);
    }

    [Fact]
    public async Task A_loop_on_a_PeriodicTimer_that_is_never_disposed_is_reported()
    {
        var timer = new PeriodicTimer(TimeSpan.FromHours(1));
        var report = await TaskLeakDetector.RunAsync(() => { _ = TickAsync(timer); return Task.CompletedTask; }, Leaks.Short);
        timer.Dispose();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(["LeakZooTests.TickAsync", "PeriodicTimer.WaitForNextTickAsync"], leak.AwaitChain);
        Assert.Contains("PeriodicTimer", leak.Hint);
    }

    [Fact]
    public async Task Work_started_from_a_thread_pool_callback_queued_in_the_scope_is_reported()
    {
        var queued = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var report = await TaskLeakDetector.RunAsync(
            async () =>
            {
                ThreadPool.QueueUserWorkItem(_ => { _ = _leaks.PumpAsync(); queued.TrySetResult(); });
                await queued.Task;
            },
            Leaks.Short);

        Assert.Equal("async method Leaks.PumpAsync", Assert.Single(report.Leaks).Description);
    }

    [Fact]
    public async Task A_task_created_while_ExecutionContext_flow_is_suppressed_is_still_the_scope_task()
    {
        var report = await TaskLeakDetector.RunAsync(
            async () =>
            {
                var flow = ExecutionContext.SuppressFlow();
                try
                {
                    _ = Task.Run(_leaks.Spin);
                }
                finally
                {
                    flow.Undo();
                }

                await _leaks.Spinning;
            },
            Leaks.Short);

        Assert.Equal("Task.Run delegate Leaks.Spin", Assert.Single(report.Leaks).Description);
    }

    [Fact]
    public async Task A_leak_deep_in_awaited_calls_on_another_thread_is_reported()
    {
        var report = await TaskLeakDetector.RunAsync(Level1, Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async method Leaks.PumpAsync", leak.Description);
        Assert.Contains("LeakZooTests.Level3", leak.CreationStackTrace);
    }

    [Fact]
    public async Task A_consumer_waiting_on_a_channel_nobody_completes_is_reported_with_the_channel_hint()
    {
        var channel = Channel.CreateUnbounded<int>();
        var report = await TaskLeakDetector.RunAsync(() => { _ = ConsumeAsync(channel.Reader); return Task.CompletedTask; }, Leaks.Short);
        channel.Writer.Complete();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(["LeakZooTests.ConsumeAsync", "Channel read (ReadAsync / WaitToReadAsync)"], leak.AwaitChain);
        Assert.Contains("writer.Complete()", leak.Hint);
    }

    [Fact]
    public async Task A_TaskCompletionSource_nobody_completes_is_named_at_the_end_of_the_chain()
    {
        var never = new TaskCompletionSource();
        var report = await TaskLeakDetector.RunAsync(() => { _ = _leaks.AwaitAsync(_leaks.AwaitAsync(never.Task)); return Task.CompletedTask; }, Leaks.Short);
        never.SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(["Leaks.AwaitAsync", "Leaks.AwaitAsync", "a TaskCompletionSource task that is never completed"], leak.AwaitChain);
        Assert.Contains("TrySetCanceled", leak.Hint);
    }

    [Fact]
    public async Task A_wait_on_a_SemaphoreSlim_nobody_releases_is_named()
    {
        using var semaphore = new SemaphoreSlim(0);
        var report = await TaskLeakDetector.RunAsync(() => { _ = _leaks.AwaitAsync(semaphore.WaitAsync()); return Task.CompletedTask; }, Leaks.Short);
        semaphore.Release();

        Assert.Equal(["Leaks.AwaitAsync", "SemaphoreSlim.WaitAsync"], Assert.Single(report.Leaks).AwaitChain);
    }

    [Fact]
    public async Task An_async_method_spinning_after_its_last_await_is_reported_as_running()
    {
        var report = await TaskLeakDetector.RunAsync(async () => { _ = _leaks.SpinAfterYieldAsync(); await _leaks.Spinning; }, Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async method Leaks.SpinAfterYieldAsync", leak.Description);
        Assert.True(leak.IsRunning);
        Assert.Contains("IsCancellationRequested", leak.Hint);
        Assert.StartsWith("TLA002 (TaskLeakAssert.Analyzers) finds this at compile time: a loop that never awaits", leak.StaticCheck);
    }

    [Fact]
    public async Task Task_Run_returning_a_task_that_never_completes_is_reported_through_its_delegate()
    {
        var never = new TaskCompletionSource();
        var report = await TaskLeakDetector.RunAsync(() => { _ = Task.Run(() => never.Task); return Task.CompletedTask; }, Leaks.Short);
        never.SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.StartsWith("the task returned by Task.Run delegate lambda in LeakZooTests.", leak.Description);
    }

    [Fact]
    public async Task An_unobserved_fault_is_a_leak_with_its_exception()
    {
        var report = await TaskLeakDetector.RunAsync(() => { _ = _leaks.FailAsync("payment gateway down"); return Task.CompletedTask; }, Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(LeakKind.Faulted, leak.Kind);
        Assert.Equal("async method Leaks.FailAsync", leak.Description);
        Assert.Equal("payment gateway down", Assert.IsType<InvalidOperationException>(leak.Exception).Message);
        Assert.Equal(TaskStatus.Faulted, leak.Status);
    }

    [Fact]
    public async Task A_loop_that_left_many_identical_tasks_behind_is_one_entry_with_a_count()
    {
        var report = await TaskLeakDetector.RunAsync(
            () =>
            {
                for (int i = 0; i < 1000; i++)
                {
                    _ = _leaks.DelayForeverAsync();
                }

                return Task.CompletedTask;
            },
            Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(1000, leak.Count);
        Assert.StartsWith("1000 leaked tasks in scope", report.ToString());
        Assert.Contains("[1] Not completed ×1000: async method Leaks.DelayForeverAsync", report.ToString());
    }

    [Fact]
    public async Task A_scope_begun_by_hand_reports_the_leak_and_not_the_method_that_opened_it()
    {
        var scope = TaskLeakScope.Begin();
        await Task.Yield();
        _ = _leaks.PumpAsync();
        scope.Options.Timeout = TimeSpan.FromMilliseconds(300);

        var report = await scope.StopAsync();

        Assert.Equal("LeakZooTests.A_scope_begun_by_hand_reports_the_leak_and_not_the_method_that_opened_it", report.ScopeName);
        Assert.Equal("async method Leaks.PumpAsync", Assert.Single(report.Leaks).Description);
    }

    private async void OnMessage() => await Task.Delay(Timeout.Infinite, _leaks.Release).ContinueWith(static _ => { }, TaskScheduler.Default);

    private static async Task TickAsync(PeriodicTimer timer)
    {
        while (await timer.WaitForNextTickAsync())
        {
        }
    }

    private static async Task ConsumeAsync(ChannelReader<int> reader)
    {
        while (await reader.WaitToReadAsync())
        {
            reader.TryRead(out _);
        }
    }

    private async Task Level1() => await Level2();

    private async Task Level2()
    {
        await Task.Yield();
        await Level3();
    }

    private async Task Level3()
    {
        await Task.Delay(1).ConfigureAwait(false);
        _ = _leaks.PumpAsync();
    }
}
