using System.Diagnostics;
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
        var report = await ReportWhileOneTaskNeverEnds(never => _ = Task.WhenAny(new[] { never }));

        Assert.Equal("Task.WhenAny", Assert.Single(report.Leaks).Description);
        Assert.DoesNotContain("ContinueWhenAny", report.ToString());
    }

    [Fact]
    public async Task Work_started_by_StartNew_on_a_scheduler_of_ones_own_is_not_said_to_be_started_by_Task_Run()
    {
        var scheduler = new PoolScheduler();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = Task.Factory.StartNew(_leaks.PumpAsync, CancellationToken.None, TaskCreationOptions.None, scheduler).Unwrap();
        await _leaks.Pumping;

        var report = await scope.StopAsync();

        Assert.StartsWith("async method Leaks.PumpAsync (started by Task.Factory.StartNew on PoolScheduler in ReportWordingTests.", Assert.Single(report.Leaks).Description, StringComparison.Ordinal);
        Assert.DoesNotContain("Task.Run", report.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_WhenAny_over_a_wait_that_already_has_a_cancelable_token_gets_the_hint_that_nobody_cancels_it()
    {
        using var neverCanceled = new CancellationTokenSource();
        var gate = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = WaitForEitherAsync(gate.Task, neverCanceled.Token);

        var report = await scope.StopAsync();
        await neverCanceled.CancelAsync();
        gate.SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(["ReportWordingTests.WaitForEitherAsync", "Task.WhenAny"], leak.AwaitChain);
        Assert.StartsWith("The wait already has a cancelable token, and nobody cancels it", leak.Hint, StringComparison.Ordinal);
        Assert.DoesNotContain("pass the CancellationToken", leak.Hint, StringComparison.Ordinal);
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

        // A wait given a token is no rule's pattern: what is missing is at runtime (someone who cancels it).
        Assert.Null(leak.StaticCheck);
        Assert.DoesNotContain("Analyzer:", report.ToString());
    }

    [Fact]
    public async Task A_loop_caught_on_a_thread_between_two_awaits_is_described_at_its_await()
    {
        // A polling loop runs for moments between its awaits; on a loaded machine the verdict can read it in one
        // (CI once got "It runs on a thread and has not returned" for the delay test above). Here the loop is held
        // between its awaits until the report is being written, works on for a moment, then awaits again.
        using var between = new ManualResetEventSlim();
        using var stop = new CancellationTokenSource();
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        var loop = LoopBetweenAwaitsAsync(between, reached, stop.Token);
        await reached.Task;
        scope.WhileTheReportIsWritten = between.Set;

        var report = await scope.StopAsync().WaitAsync(TimeSpan.FromSeconds(60));
        await stop.CancelAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("suspended at an await", leak.State);
        Assert.Equal(["ReportWordingTests.LoopBetweenAwaitsAsync", "Task.Delay(Infinite)"], leak.AwaitChain);
        Assert.DoesNotContain("runs on a thread", leak.Hint, StringComparison.Ordinal);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => loop);
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
    public async Task A_busy_task_has_one_status_phrase_and_a_hint_that_fits_a_loop_and_a_blocking_wait()
    {
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = _leaks.SpinAfterYieldAsync();
        await _leaks.Spinning;

        var report = await scope.StopAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("running on a thread, not at an await", leak.State);
        Assert.Contains($"{Environment.NewLine}    Status:     running on a thread, not at an await{Environment.NewLine}", report.ToString());
        Assert.DoesNotContain("(not at an await)", report.ToString());
        Assert.DoesNotContain("WaitingForActivation", report.ToString());

        // No evidence of a wait in what its code holds: the hint fits a loop and a blocking wait alike.
        Assert.Contains("a loop that never awaits, or a synchronous wait (Wait(), .Result, ManualResetEventSlim.Wait, a lock)", leak.Hint);
    }

    [Fact]
    public async Task Task_WhenAll_says_how_many_of_its_tasks_are_still_pending()
    {
        var report = await ReportWhileOneTaskNeverEnds(never => _ = Task.WhenAll(never, Task.CompletedTask, never));

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("Task.WhenAll", leak.Description);
        Assert.Equal("waiting for 2 of its tasks", leak.State);
    }

    [Fact]
    public async Task Task_WhenAny_says_that_none_of_its_tasks_has_ended()
    {
        var report = await ReportWhileOneTaskNeverEnds(never => _ = Task.WhenAny(never, never));

        Assert.Equal("waiting: none of its 2 tasks has ended", Assert.Single(report.Leaks).State);
    }

    [Fact]
    public async Task A_continuation_says_what_it_continues()
    {
        var report = await ReportWhileOneTaskNeverEnds(never => _ = never.ContinueWith(_ => { }, TaskScheduler.Default));

        Assert.Equal("waiting for the task it continues: a TaskCompletionSource task that is never completed", Assert.Single(report.Leaks).State);
    }

    [Fact]
    public async Task A_task_blocked_in_a_ManualResetEventSlim_says_so_and_gets_the_hint_for_a_blocking_wait()
    {
        var gate = new ManualResetEventSlim();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = Task.Run(() => gate.Wait());
        await Blocked.Until(() => Blocked.HasWaiter(gate));

        var report = await scope.StopAsync();
        gate.Set();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("running on a thread, likely blocked in ManualResetEventSlim.Wait on gate (never set)", leak.State);
        Assert.Equal(
            "It blocks its thread in a synchronous wait that nothing releases, so it cannot see cancellation: pass the token to the wait (Wait(token)), set or release what it waits for on shutdown, or await instead of blocking.",
            leak.Hint);
        Assert.DoesNotContain("loop", leak.Hint);
    }

    [Fact]
    public async Task A_task_blocked_in_Wait_on_another_task_names_that_task()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = Task.Run(() => never.Task.Wait());
        await Blocked.Until(() => HasContinuation(never.Task));

        var report = await scope.StopAsync();
        never.SetResult();

        Assert.Equal("running on a thread, likely blocked in Wait() or .Result on never.Task, a task that never ends", Assert.Single(report.Leaks).State);
    }

    [Fact]
    public async Task A_task_queued_to_a_scheduler_that_stopped_names_that_scheduler()
    {
        var stopped = new StoppedScheduler();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.DenyChildAttach, stopped);

        var report = await scope.StopAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.StartsWith("Task.Factory.StartNew delegate", leak.Description);
        Assert.Equal("queued to StoppedScheduler, which never ran it", leak.State);
        Assert.StartsWith("Its scheduler StoppedScheduler never ran it: the scheduler stopped taking work", leak.Hint);
        Assert.DoesNotContain("thread pool", leak.Hint);
    }

    [Fact]
    public async Task A_channel_read_that_already_has_a_cancelable_token_gets_the_hint_that_nobody_cancels_it()
    {
        using var neverCanceled = new CancellationTokenSource();
        var channel = System.Threading.Channels.Channel.CreateUnbounded<int>();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        var consumer = new Consumer();
        _ = consumer.ReadAsync(channel.Reader, neverCanceled.Token);

        var report = await scope.StopAsync();
        await neverCanceled.CancelAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(["ReportWordingTests.Consumer.ReadAsync", "Channel read (ReadAsync / WaitToReadAsync)"], leak.AwaitChain);
        Assert.Equal(
            "The channel read already has a cancelable token, and nobody cancels it: cancel its CancellationTokenSource on shutdown (stop or dispose the object that owns it; here likely the ReportWordingTests.Consumer that waits), or complete the channel's writer.",
            leak.Hint);
    }

    [Fact]
    public async Task A_channel_read_without_a_token_gets_the_hint_to_complete_the_channel_or_pass_one()
    {
        var channel = System.Threading.Channels.Channel.CreateUnbounded<int>();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = new Consumer().ReadAsync(channel.Reader, CancellationToken.None);

        var report = await scope.StopAsync();
        channel.Writer.Complete();

        Assert.Equal(ChannelHint, Assert.Single(report.Leaks).Hint);
    }

    [Fact]
    public async Task A_channel_read_waiting_after_an_item_was_written_and_read_does_not_claim_nothing_writes()
    {
        // The channel had a writer; it just wrote nothing more. The hint must hold for that case too.
        var channel = System.Threading.Channels.Channel.CreateUnbounded<int>();
        await channel.Writer.WriteAsync(1);
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        var consumer = new Consumer();
        await consumer.ReadAsync(channel.Reader, CancellationToken.None);
        _ = consumer.ReadAsync(channel.Reader, CancellationToken.None);

        var report = await scope.StopAsync();
        channel.Writer.Complete();

        Assert.Equal(1, consumer.Read);
        var hint = Assert.Single(report.Leaks).Hint;
        Assert.DoesNotContain("Nothing writes", hint, StringComparison.Ordinal);
        Assert.Equal(ChannelHint, hint);
    }

    private const string ChannelHint =
        "The read waits for an item that does not come, and nobody completes the channel: call writer.Complete() on shutdown, or pass the CancellationToken to ReadAsync.";

    [Fact]
    public async Task A_semaphore_wait_that_already_has_a_cancelable_token_gets_the_hint_that_nobody_cancels_it()
    {
        using var neverCanceled = new CancellationTokenSource();
        using var semaphore = new SemaphoreSlim(0);
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = WaitForAsync(semaphore, neverCanceled.Token);

        var report = await scope.StopAsync();
        await neverCanceled.CancelAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(["ReportWordingTests.WaitForAsync", "SemaphoreSlim.WaitAsync"], leak.AwaitChain);
        Assert.StartsWith("The semaphore wait already has a cancelable token, and nobody cancels it", leak.Hint);
        Assert.EndsWith(", or release the semaphore.", leak.Hint);
    }

    [Fact]
    public async Task A_TaskCompletionSource_awaited_with_a_cancelable_token_gets_the_hint_that_nobody_cancels_it()
    {
        using var neverCanceled = new CancellationTokenSource();
        var report = await ReportWhileOneTaskNeverEnds(never => _ = WaitForAsync(never, neverCanceled.Token));

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(["ReportWordingTests.WaitForAsync", "a TaskCompletionSource task that is never completed"], leak.AwaitChain);
        Assert.StartsWith("The wait already has a cancelable token, and nobody cancels it", leak.Hint);
        Assert.EndsWith(", or complete the TaskCompletionSource.", leak.Hint);
    }

    [Fact]
    public async Task A_dropped_delay_with_a_cancelable_token_is_told_that_nobody_cancels_it_not_to_take_a_token()
    {
        using var neverCanceled = new CancellationTokenSource();
        var report = await ReportWhileOneTaskNeverEnds(_ => _ = Task.Delay(Timeout.Infinite, neverCanceled.Token));
        await neverCanceled.CancelAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("Task.Delay(Infinite)", leak.Description);
        Assert.StartsWith("The delay already has a cancelable token, and nobody cancels it", leak.Hint);
    }

    [Fact]
    public async Task A_loop_that_waits_with_a_timeout_and_waits_again_is_told_to_stop_not_to_complete_what_it_waits_on()
    {
        using var owner = new CancellationTokenSource();
        var report = await ReportWhileOneTaskNeverEnds(never => _ = WaitAgainAfterEachTimeoutAsync(never, owner.Token));
        await owner.CancelAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(["ReportWordingTests.WaitAgainAfterEachTimeoutAsync", "WaitAsync with a timeout on a TaskCompletionSource task"], leak.AwaitChain);
        Assert.Equal(
            "The wait has a timeout, so it wakes up and its loop waits again: it ends only when told to stop. On shutdown, cancel the token its loop checks, or end its loop: stop or dispose the object that owns the loop.",
            leak.Hint);
    }

    [Fact]
    public async Task A_TaskCompletionSource_awaited_without_a_token_keeps_the_hint_to_complete_it()
    {
        var report = await ReportWhileOneTaskNeverEnds(never => _ = _leaks.AwaitAsync(never));

        Assert.StartsWith("Nothing completes that TaskCompletionSource", Assert.Single(report.Leaks).Hint);
        Assert.StartsWith("TLA005 (TaskLeakAssert.Analyzers) finds this at compile time", Assert.Single(report.Leaks).StaticCheck);
    }

    // The report of a scope whose code started work on a task that never ends (until the verdict is made).
    private static async Task<TaskLeakReport> ReportWhileOneTaskNeverEnds(Action<Task> start)
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        start(never.Task);

        var report = await scope.StopAsync();
        never.SetResult();
        return report;
    }

    private static async Task WaitForAsync(SemaphoreSlim semaphore, CancellationToken token) => await semaphore.WaitAsync(token);

    private static async Task WaitForAsync(Task task, CancellationToken token) => await task.WaitAsync(token);

    private static async Task WaitAgainAfterEachTimeoutAsync(Task signal, CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            try
            {
                await signal.WaitAsync(TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException)
            {
            }
        }
    }

    // A thread blocks in Wait() on the task: the runtime keeps its waiter among the task's continuations.
    private static bool HasContinuation(Task task) =>
        typeof(Task).GetField("m_continuationObject", System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic)?.GetValue(task) is not null;

    private sealed class Consumer
    {
        public int Read { get; private set; }

        // Uses its object after the await, as a consumer does: the compiler then keeps `this` in the state
        // machine in Release builds too, which is where the report finds the likely owner.
        public async Task ReadAsync(System.Threading.Channels.ChannelReader<int> reader, CancellationToken token) => Read += await reader.ReadAsync(token);
    }

    private static async Task WaitForEitherAsync(Task signal, CancellationToken token) =>
        await Task.WhenAny(signal, Task.Delay(Timeout.Infinite, token));

    private static async Task LoopBetweenAwaitsAsync(ManualResetEventSlim between, TaskCompletionSource reached, CancellationToken stop)
    {
        await Task.Yield();
        reached.SetResult();
        between.Wait(CancellationToken.None);
        long until = Stopwatch.GetTimestamp() + Stopwatch.Frequency / 50;
        while (Stopwatch.GetTimestamp() < until)
        {
            Thread.SpinWait(100);
        }

        await Task.Delay(Timeout.Infinite, stop);
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
