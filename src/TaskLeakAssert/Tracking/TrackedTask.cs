using TaskLeakAssert.Reporting;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// What the library remembers of one task a scope tracks: ids and names only, never the task object,
/// so nothing of the code under test is kept alive by tracking.
/// </summary>
internal sealed class TrackedTask
{
    public TrackedTask(int id, string operationName, ScopeTracker scope, TrackedTask? parent, TrackedTask? unwrapSource, CreationSite? site, bool adopted = false, string? startedDuring = null, TrackedTask? resumedMethod = null)
    {
        ResumedMethod = resumedMethod;
        StartedDuring = startedDuring;
        Adopted = adopted;
        Id = id;
        OperationName = operationName;
        Scope = scope;
        Parent = parent;
        UnwrapSource = unwrapSource;
        Site = site;
    }

    /// <summary>The next record in its bucket of <see cref="TrackedTaskRegistry"/> (the registry's chain, read without a lock).</summary>
    public volatile TrackedTask? NextInBucket;

    /// <summary>The runtime's task id.</summary>
    public int Id { get; }

    /// <summary>The name the runtime announced: <c>Async: &lt;PumpAsync&gt;d__3</c>, <c>Task: PumpAsync</c>, <c>Task.Delay</c>…</summary>
    public string OperationName { get; }

    public ScopeTracker Scope { get; }

    /// <summary>The tracked task that was running on the thread when this one was created (a Task.Run delegate that started an async loop).</summary>
    public TrackedTask? Parent { get; }

    /// <summary>For a <c>Task.Unwrap</c> proxy: the delegate task whose returned task it unwraps.</summary>
    public TrackedTask? UnwrapSource { get; }

    public CreationSite? Site { get; }

    /// <summary>
    /// When this task was created by code that runs after an await: the task of the async method that code
    /// belongs to. Its creation site holds the callers this task's own stack no longer shows (<see cref="LogicalCallers"/>).
    /// </summary>
    public TrackedTask? ResumedMethod { get; }

    /// <summary>
    /// Created in another scope's flow (a test's) and owned by a fixture's scope, because fixture code created
    /// it or code of another adopted task did. What its own code creates is the fixture's too, whatever the flow
    /// says; a task created in the fixture's own flow passes nothing on that way (a runner's work item that
    /// began there may run tests).
    /// </summary>
    public bool Adopted { get; }

    /// <summary>
    /// For a delegate task that started an async method: the scheduler it ran on, when that was not the thread
    /// pool's (so it was <c>Task.Factory.StartNew</c> on a scheduler of someone's own, never <c>Task.Run</c>).
    /// Set once, by the first async method it starts; a name only, so no scheduler is kept alive.
    /// </summary>
    public string? RanOnScheduler { get; set; }

    /// <summary>How the report names what started this delegate task: <c>Task.Run</c>, or <c>Task.Factory.StartNew on MyScheduler</c>.</summary>
    public string Starter => RanOnScheduler is { } scheduler ? $"Task.Factory.StartNew on {scheduler}" : "Task.Run";

    /// <summary>What the creating flow was doing on someone's behalf (<see cref="StartContext"/>): <c>request GET /orders/{id} (…)</c>.</summary>
    public string? StartedDuring { get; }
}
