namespace TaskLeakAssert.Tracking;

/// <summary>
/// A tracked task that ended faulted. The task object is held until the scope's verdict, because only
/// then can we tell whether someone observed the exception; the scope drops it right after.
/// </summary>
internal sealed record FaultedTask(TrackedTask Record, Task? Task);
