namespace TaskLeakAssert.Reporting;

/// <summary>
/// Parses the operation names of the runtime's task-creation event: <c>Async: &lt;PumpAsync&gt;d__3</c>,
/// <c>Task: PumpAsync</c>, <c>Task.ContinueWith: &lt;Start&gt;b__0_0</c>, <c>Task.Delay</c>, <c>Task.WhenAll</c>…
/// </summary>
internal readonly record struct OperationName(TaskOrigin Origin, string? Member)
{
    public static OperationName Parse(string name) => name switch
    {
        _ when name.StartsWith("Async: ", StringComparison.Ordinal) => new(TaskOrigin.AsyncMethod, name[7..]),
        _ when name.StartsWith("Task: ", StringComparison.Ordinal) => new(TaskOrigin.Delegate, name[6..]),
        _ when name.StartsWith("Task.ContinueWith: ", StringComparison.Ordinal) => new(TaskOrigin.Continuation, name[19..]),
        "Task.Delay" => new(TaskOrigin.Delay, null),
        "Task.WhenAll" => new(TaskOrigin.WhenAll, null),
        // Task.WhenAny over an array or a list is announced as the TaskFactory method it delegates to.
        "Task.WhenAny" or "TaskFactory.ContinueWhenAny" => new(TaskOrigin.WhenAny, null),
        "Task.Unwrap" => new(TaskOrigin.Unwrap, null),
        _ => new(TaskOrigin.Other, name),
    };

    /// <summary>Tasks that only wait for other tasks: reported only when nothing else explains the leak.</summary>
    public bool IsPlumbing => Origin is TaskOrigin.Delay or TaskOrigin.WhenAll or TaskOrigin.WhenAny or TaskOrigin.Unwrap;

    /// <summary>The names any code can produce (no method in them); asked on every task creation, so it allocates nothing.</summary>
    public static bool IsGeneric(string name) => name is "Task.Delay" or "Task.WhenAll" or "Task.WhenAny" or "TaskFactory.ContinueWhenAny" or "Task.Unwrap";
}
