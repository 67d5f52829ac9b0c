namespace TaskLeakAssert.Tracking;

/// <summary>
/// Work a scope left running when it ended, and what that work starts afterwards. A scope whose flows are only its
/// own work (a test the runner runs inside the scope, a host, a shared fixture) keeps that work after its verdict:
/// its check judged it (a leak, framework work, ignored), so the scope around it must not report it again (a failed
/// host check would otherwise fail its test a second time, after the test's whole timeout). The scope around it
/// counts those tasks for the one line its report gives them.
/// </summary>
internal sealed class LeftoverWork
{
    private volatile bool _leftRunning;
    private int _laterTasks;
    private string? _endedScope;

    /// <summary>Whether the scope ended with work still running that keeps belonging to it.</summary>
    public bool LeftRunning => _leftRunning;

    /// <summary>Marks that the scope ended with work still running.</summary>
    public void MarkLeftRunning() => _leftRunning = true;

    /// <summary>Counts, for the scope around it, a task that work of the ended scope <paramref name="endedScope"/> started.</summary>
    public void CountLaterTask(string endedScope)
    {
        Interlocked.Increment(ref _laterTasks);
        Interlocked.CompareExchange(ref _endedScope, endedScope, null);
    }

    /// <summary>How many tasks work of an ended inner scope started, and that scope's name (the first one's).</summary>
    public (int Count, string? Scope) LaterTasks => (Volatile.Read(ref _laterTasks), Volatile.Read(ref _endedScope));
}
