namespace TaskLeakAssert;

/// <summary>Why a tracked task counts as a leak.</summary>
public enum LeakKind
{
    /// <summary>The task had neither completed nor been canceled when the timeout ran out.</summary>
    NotCompleted,

    /// <summary>The task faulted and nobody observed its exception (nobody awaited it or read <see cref="Task.Exception"/>).</summary>
    Faulted,

    /// <summary>
    /// A timer the scope's code created was still scheduled at the verdict: it keeps starting work after
    /// shutdown. The entry stands for the timer, not a task (<see cref="LeakedTask.TaskId"/> is 0).
    /// </summary>
    StillFiring,
}
