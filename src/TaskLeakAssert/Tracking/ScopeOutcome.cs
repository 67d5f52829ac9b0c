namespace TaskLeakAssert.Tracking;

/// <summary>
/// What a finished scope hands to the verdict: its tasks still unfinished, its unobserved-or-not faults, the
/// timers its code armed, and how many timers it armed past <see cref="ScopeTimers.MaxPerScope"/> unchecked.
/// </summary>
internal sealed record ScopeOutcome(
    IReadOnlyList<TrackedTask> Unfinished,
    IReadOnlyList<FaultedTask> Faulted,
    IReadOnlyList<TrackedTimer> Timers,
    int UncheckedTimers);
