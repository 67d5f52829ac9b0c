namespace TaskLeakAssert.Reporting;

/// <summary>The one-line fix suggestion at the end of each report entry, chosen by the evidence the report has.</summary>
internal static class LeakHints
{
    public const string Faulted =
        "Await this task (or hand it to code that does) so its failure is handled; fire-and-forget loses the exception.";

    public const string Queued =
        "It was queued and never started within the timeout: the thread pool gave it no thread. Work that blocks pool threads (a synchronous wait or Thread.Sleep inside Task.Run, .Result, .Wait()) is the likely cause; make that work async.";

    public const string StillFiring =
        "Dispose the timer on shutdown (in StopAsync or Dispose; await timer.DisposeAsync() also waits for a callback still running), then stop the work its callbacks started.";

    /// <summary>The user type whose static constructor is on a creation site (<c>Pricing..cctor in …</c>), if any.</summary>
    public static string? StaticConstructorIn(string? creationSite)
    {
        if (creationSite is null)
        {
            return null;
        }

        int at = creationSite.IndexOf("..cctor", StringComparison.Ordinal);
        if (at <= 0)
        {
            return null;
        }

        int start = creationSite.LastIndexOfAny([' ', '\n', '\r'], at - 1) + 1;
        return creationSite[start..at];
    }

    /// <summary>Work a static constructor started: it runs once per process, and the first test to touch the type gets the blame.</summary>
    public static string ProcessLifetime(string type) =>
        $"Started by {type}'s static constructor: process-lifetime work, so the first test that touches {type} gets this leak. Give it a stop (dispose it on shutdown); if it lives as long as the process by design, list it with [assembly: FrameworkWork] and say why.";

    /// <summary>The fix for one leaked task.</summary>
    /// <param name="origin">How the task was made.</param>
    /// <param name="terminal">The last step of its await chain: what it waits on, when known.</param>
    /// <param name="isRunning">It runs on a thread, not at an await.</param>
    /// <param name="isAsyncVoid">It is an async void method.</param>
    /// <param name="blockedIn">For a running task: the synchronous wait it is likely blocked in, when the objects it holds show one.</param>
    /// <param name="stalledScheduler">For a queued task: the custom scheduler that never ran it.</param>
    /// <param name="queued">It was queued to the thread pool and never started.</param>
    public static string For(TaskOrigin origin, AwaitStep? terminal, bool isRunning, bool isAsyncVoid, string? blockedIn = null, string? stalledScheduler = null, bool queued = false)
    {
        string hint = isRunning ? Running(blockedIn)
            : queued ? Queued
            : terminal is { HasTimeout: true } ? TimesOutAndWaitsAgain(terminal)
            : stalledScheduler is not null ? $"Its scheduler {stalledScheduler} never ran it: the scheduler stopped taking work (its thread or loop ended, e.g. a disposed AsyncContext) or is held by work that never ends. Keep the scheduler running until its work has ended, or cancel that work (pass the CancellationToken to StartNew) before it stops."
            : terminal is { HasCancelableToken: true } ? NobodyCancels(terminal)
            : Waiting(origin, terminal?.Target ?? AwaitTarget.Unknown);

        return isAsyncVoid ? "async void cannot be awaited or stopped from outside: make it return Task. " + hint : hint;
    }

    private static string Running(string? blockedIn) => blockedIn is not null
        ? "It blocks its thread in a synchronous wait that nothing releases, so it cannot see cancellation: pass the token to the wait (Wait(token)), set or release what it waits for on shutdown, or await instead of blocking."
        : "It runs on a thread and has not returned: a loop that never awaits, or a synchronous wait (Wait(), .Result, ManualResetEventSlim.Wait, a lock) that nothing releases. Either way it sees cancellation only if it looks: check token.IsCancellationRequested in the loop, or pass the token to the wait (Wait(token)).";

    // WaitAsync(timeout) in a loop: it wakes up and waits again, so it ends only when the loop is told to stop.
    private static string TimesOutAndWaitsAgain(AwaitStep terminal)
    {
        string owner = terminal.Owner is { } type ? $" (here likely the {type} that waits)" : string.Empty;
        string stop = terminal.HasCancelableToken ? "cancel the token it waits with" : "cancel the token its loop checks, or end its loop";
        return $"The wait has a timeout, so it wakes up and its loop waits again: it ends only when told to stop. On shutdown, {stop}: stop or dispose the object that owns the loop{owner}.";
    }

    // The wait has a token that can be canceled; what is missing is someone who cancels it on shutdown.
    private static string NobodyCancels(AwaitStep terminal)
    {
        string what = terminal.Target switch
        {
            AwaitTarget.Delay or AwaitTarget.DelayInfinite or AwaitTarget.DelayWithToken => "The delay",
            AwaitTarget.Channel => "The channel read",
            AwaitTarget.Semaphore => "The semaphore wait",
            AwaitTarget.PeriodicTimer => "The timer wait",
            _ => "The wait",
        };
        string owner = terminal.Owner is { } type ? $"; here likely the {type} that waits" : string.Empty;
        string alternative = terminal.Target switch
        {
            AwaitTarget.Channel => ", or complete the channel's writer",
            AwaitTarget.Semaphore => ", or release the semaphore",
            AwaitTarget.TaskCompletionSource => ", or complete the TaskCompletionSource",
            AwaitTarget.PeriodicTimer => ", or dispose the PeriodicTimer",
            _ => string.Empty,
        };
        return $"{what} already has a cancelable token, and nobody cancels it: cancel its CancellationTokenSource on shutdown (stop or dispose the object that owns it{owner}){alternative}.";
    }

    private static string Waiting(TaskOrigin origin, AwaitTarget target) => target switch
    {
        AwaitTarget.DelayInfinite => "Task.Delay(Infinite) only ends through its token: pass the CancellationToken and cancel it on shutdown.",
        AwaitTarget.Delay => "Pass the CancellationToken to Task.Delay(delay, token) and let the loop end when it is canceled.",
        AwaitTarget.TaskCompletionSource => "Nothing completes that TaskCompletionSource: complete or cancel it on shutdown, e.g. token.Register(() => tcs.TrySetCanceled()).",
        AwaitTarget.Channel => "The read waits for an item that does not come, and nobody completes the channel: call writer.Complete() on shutdown, or pass the CancellationToken to ReadAsync.",
        AwaitTarget.Semaphore => "Pass the CancellationToken to SemaphoreSlim.WaitAsync, or release the semaphore on shutdown.",
        AwaitTarget.PeriodicTimer => "Pass the CancellationToken to WaitForNextTickAsync, or dispose the PeriodicTimer on shutdown.",
        AwaitTarget.WhenAll or AwaitTarget.WhenAny => "It waits on other tasks that never ended: pass the CancellationToken down to them.",
        AwaitTarget.DelegateTask => "It waits on a task that never ended: pass the CancellationToken to that work too.",
        _ => origin switch
        {
            TaskOrigin.Delay => "Nobody needs this delay: pass a CancellationToken to Task.Delay and cancel it, or do not start it.",
            TaskOrigin.Continuation => "This continuation waits for a task that never ends: end that task, or pass the CancellationToken to ContinueWith.",
            TaskOrigin.Delegate => "Pass the CancellationToken into the delegate, observe it there, and await the task on shutdown.",
            TaskOrigin.Unwrap => "The task the delegate returned never completed: pass the CancellationToken into it and await it on shutdown.",
            _ => "Pass the CancellationToken down to what it awaits, and keep the task and await it on shutdown.",
        },
    };
}
