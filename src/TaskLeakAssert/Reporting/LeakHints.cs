namespace TaskLeakAssert.Reporting;

/// <summary>The one-line fix suggestion at the end of each report entry.</summary>
internal static class LeakHints
{
    public const string Faulted =
        "Await this task (or hand it to code that does) so its failure is handled; fire-and-forget loses the exception.";

    public static string For(TaskOrigin origin, AwaitTarget target, bool isRunning, bool isAsyncVoid)
    {
        if (isRunning)
        {
            return "It runs on a thread and never reaches an await, so it cannot see cancellation: check token.IsCancellationRequested (or call token.ThrowIfCancellationRequested()) inside the loop.";
        }

        string hint = target switch
        {
            AwaitTarget.DelayInfinite => "Task.Delay(Infinite) only ends through its token: pass the CancellationToken and cancel it on shutdown.",
            AwaitTarget.Delay => "Pass the CancellationToken to Task.Delay(delay, token) and let the loop end when it is canceled.",
            AwaitTarget.DelayWithToken => "The delay already has a cancelable token, and nobody cancels it: cancel its CancellationTokenSource on shutdown (stop or dispose the object that owns it).",
            AwaitTarget.TaskCompletionSource => "Nothing completes that TaskCompletionSource: complete or cancel it on shutdown, e.g. token.Register(() => tcs.TrySetCanceled()).",
            AwaitTarget.Channel => "Nothing writes to that channel and nobody completes it: call writer.Complete() on shutdown, or pass the CancellationToken to ReadAsync.",
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

        return isAsyncVoid ? "async void cannot be awaited or stopped from outside: make it return Task. " + hint : hint;
    }
}
