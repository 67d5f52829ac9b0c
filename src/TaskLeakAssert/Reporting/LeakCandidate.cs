namespace TaskLeakAssert.Reporting;

/// <summary>One unfinished or faulted task, described in the user's terms, before grouping and ignore rules.</summary>
internal sealed record LeakCandidate(
    int TaskId,
    LeakKind Kind,
    OperationName Operation,
    string Description,
    string? MethodName,
    TaskStatus? Status,
    bool IsRunning,
    string State,
    IReadOnlyList<AwaitStep> Chain,
    string? CreationStackTrace,
    string Hint,
    Exception? Exception,
    bool IsRuntimeContinuation = false)
{
    /// <summary>A task that only waits for other work (a delay, WhenAll, Unwrap, a pending continuation).</summary>
    /// An await continuation the runtime scheduled as a task (on a non-default scheduler) is plumbing even
    /// while it runs: the async method it resumes is reported itself.
    public bool IsPlumbing => Kind == LeakKind.NotCompleted
        && (IsRuntimeContinuation || (!IsRunning && (Operation.IsPlumbing || Operation.Origin == TaskOrigin.Continuation)));

    /// <summary>Identical leaks (a loop that left many tasks behind) share this key and become one entry.</summary>
    public string GroupKey => string.Join('\u001f', Kind, Description, State, CreationStackTrace, string.Join('→', Chain.Select(s => s.Text)));
}
