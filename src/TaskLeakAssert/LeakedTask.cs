namespace TaskLeakAssert;

/// <summary>
/// One entry of a <see cref="TaskLeakReport"/>: a task (or a group of identical tasks created at the
/// same place) that had not ended when the timeout ran out, or that faulted unobserved.
/// </summary>
public sealed class LeakedTask
{
    internal LeakedTask(
        int taskId,
        int count,
        string description,
        string? methodName,
        LeakKind kind,
        TaskStatus? status,
        bool isRunning,
        string state,
        Exception? exception,
        string? creationStackTrace,
        IReadOnlyList<string> awaitChain,
        string hint,
        IReadOnlyList<Type>? creatorTypes = null,
        string? startedDuring = null,
        string? staticCheck = null)
    {
        StaticCheck = staticCheck;
        StartedDuring = startedDuring;
        CreatorTypes = creatorTypes ?? [];
        TaskId = taskId;
        Count = count;
        Description = description;
        MethodName = methodName;
        Kind = kind;
        Status = status;
        IsRunning = isRunning;
        State = state;
        Exception = exception;
        CreationStackTrace = creationStackTrace;
        AwaitChain = awaitChain;
        Hint = hint;
    }

    /// <summary>The id of the (first) leaked task, as <see cref="Task.Id"/> reports it.</summary>
    public int TaskId { get; }

    /// <summary>How many identical tasks this entry stands for (a loop that left 1,000 tasks behind is one entry).</summary>
    public int Count { get; }

    /// <summary>What the task is, in the user's terms: <c>async method OrderPump.ExecuteAsync</c>, <c>Task.Run delegate lambda in Worker.Start</c>…</summary>
    public string Description { get; }

    /// <summary>The user method behind the task (<c>OrderPump.ExecuteAsync</c>), when it is known; what <see cref="TaskLeakOptions.IgnoredMethods"/> matches.</summary>
    public string? MethodName { get; }

    /// <summary>Whether the task never ended or faulted unobserved.</summary>
    public LeakKind Kind { get; }

    /// <summary>The task's status when the verdict was made, when the task object was reachable.</summary>
    public TaskStatus? Status { get; }

    /// <summary>
    /// <see langword="true"/> when the task was executing on a thread at the verdict, rather than
    /// suspended at an await: a CPU-bound loop that cannot observe cancellation through an await.
    /// </summary>
    public bool IsRunning { get; }

    /// <summary>A short sentence about where the task stands: <c>suspended at an await</c>, <c>running on a thread</c>…</summary>
    public string State { get; }

    /// <summary>For <see cref="LeakKind.Faulted"/>: the unobserved exception.</summary>
    public Exception? Exception { get; }

    /// <summary>Where the task was created: user frames with file:line where symbols exist; runtime and test-framework frames removed.</summary>
    public string? CreationStackTrace { get; }

    /// <summary>For a suspended async method: what it awaits, down the chain (<c>Worker.PumpAsync</c>, <c>Worker.ReadNextAsync</c>, <c>Channel read</c>).</summary>
    public IReadOnlyList<string> AwaitChain { get; }

    /// <summary>
    /// What the code that created the task was doing on someone's behalf, when an integration knows: for the
    /// ASP.NET Core package, the HTTP request (<c>request GET /orders/{id} (OrderEndpoints.GetOrder)</c>).
    /// </summary>
    public string? StartedDuring { get; }

    /// <summary>A one-line suggestion for the likely fix.</summary>
    public string Hint { get; }

    /// <summary>
    /// The TaskLeakAssert.Analyzers rule that finds leaks of this kind at compile time, and the pattern it looks for
    /// (<c>TLA002 (TaskLeakAssert.Analyzers) finds this at compile time: …</c>); null when no rule describes it.
    /// </summary>
    public string? StaticCheck { get; }

    /// <summary>The user types on the task's creation path, innermost first: how adapters tell which component started it.</summary>
    internal IReadOnlyList<Type> CreatorTypes { get; }

    /// <inheritdoc />
    public override string ToString() => $"{Kind}: {Description}" + (Count > 1 ? $" ×{Count}" : string.Empty);
}
