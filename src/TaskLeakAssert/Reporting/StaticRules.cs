namespace TaskLeakAssert.Reporting;

/// <summary>
/// The runtime half names the compile-time half: which TaskLeakAssert.Analyzers rule finds a leak of this kind in
/// the source, chosen by the same evidence that picks the fix (what the task waits on, how it runs). Only where the
/// evidence is the rule's pattern; a leak no rule describes gets no line.
/// </summary>
/// <remarks>
/// The line says what the rule finds, not that it fired: the analyzers judge source the check never sees (whether
/// the wait is in a loop, whether the method has a token), and precision comes first on both halves.
/// </remarks>
internal static class StaticRules
{
    private const string Package = "TaskLeakAssert.Analyzers";

    /// <summary>The line for one leaked task, or null when no rule describes it.</summary>
    /// <param name="terminal">The last step of its await chain: what it waits on, when known.</param>
    /// <param name="isRunning">It runs on a thread, not at an await.</param>
    /// <param name="isAsyncVoid">It is an async void method.</param>
    /// <param name="blockedIn">For a running task: the synchronous wait it is likely blocked in.</param>
    /// <param name="startedByDelegate">It is (or its async code was started by) a Task.Run or StartNew delegate.</param>
    /// <param name="neverStarted">It was queued and never ran: the cause is its scheduler or the pool, no source pattern.</param>
    public static string? For(AwaitStep? terminal, bool isRunning, bool isAsyncVoid, string? blockedIn, bool startedByDelegate, bool neverStarted)
    {
        if (neverStarted)
        {
            return null;
        }

        if (isAsyncVoid)
        {
            return Line("TLA003", "an async void method or handler that shutdown cannot wait for");
        }

        if (startedByDelegate)
        {
            return Line("TLA001", "a task started and forgotten where code is stopped: nothing keeps it and no token reaches its work");
        }

        if (isRunning)
        {
            return blockedIn is null ? Line("TLA002", "a loop that never awaits and never checks the token its caller has") : null;
        }

        if (terminal is null || terminal.HasCancelableToken || terminal.HasTimeout)
        {
            return null;
        }

        return terminal.Target switch
        {
            AwaitTarget.DelayInfinite or AwaitTarget.TaskCompletionSource =>
                Line("TLA005", "a wait only a token can end (Task.Delay(Infinite), a TaskCompletionSource nothing completes), given none"),
            AwaitTarget.Delay or AwaitTarget.Channel or AwaitTarget.Semaphore or AwaitTarget.PeriodicTimer =>
                Line("TLA002", "a wait given no token, in a loop of a method that has one (or calls it without)"),
            _ => null,
        };
    }

    /// <summary>The line for a timer still firing.</summary>
    public static string StillFiring { get; } = Line("TLA004", "a timer kept by a hosted service or disposable type that never disposes it");

    private static string Line(string rule, string pattern) => $"{rule} ({Package}) finds this at compile time: {pattern}.";
}
