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
    bool IsFrameworkCode = false,
    IReadOnlyList<Type>? CreatorTypes = null,
    bool HasUserCreationFrames = true,
    bool SiteShared = false,
    string? StartedDuring = null,
    bool EndedLate = false,
    string? StaticCheck = null)
{
    /// <summary>
    /// Machinery of the runtime or a test framework (a timeout's delay, a runner's own async method): its
    /// code is not the user's and no user code was on the stack when it was created. Never a leak.
    /// </summary>
    public bool IsFrameworkMachinery => !HasUserCreationFrames && (IsFrameworkCode || Operation.IsPlumbing || Operation.Origin == TaskOrigin.Continuation);

    /// <summary>A task that only waits for other work (a delay, WhenAll, Unwrap, a pending continuation).</summary>
    /// A task whose own code belongs to the runtime or a framework (an await continuation scheduled as a
    /// task, a host's monitor of a BackgroundService) is plumbing even while it runs: it only serves or
    /// waits on user work, which is reported itself.
    public bool IsPlumbing => Kind == LeakKind.NotCompleted
        && (IsFrameworkCode || (!IsRunning && (Operation.IsPlumbing || Operation.Origin == TaskOrigin.Continuation)));

    /// <summary>Identical leaks (a loop that left many tasks behind) share this key and become one entry.</summary>
    public string GroupKey => string.Join('\u001f', Kind, Description, State, CreationStackTrace, StartedDuring, string.Join('→', Chain.Select(s => s.Text)));
}
