using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// The callers of code that runs after an await. A stack captured there stops at the resumed async method:
/// its callers returned when it first suspended. That first await made the method's own task, whose
/// creation site holds those callers, so the chain continues through that task's record.
/// </summary>
internal static class LogicalCallers
{
    /// <summary>How many resumed methods a chain follows: enough to reach a test through helpers, bounded against cycles.</summary>
    public const int MaxDepth = 8;

    /// <summary>
    /// The tracked task of the async method running right now on this thread as <paramref name="stateMachineType"/>:
    /// of the scope's tasks of that name that got their own creation site (only those can carry the chain on; at
    /// most 16, so this stays cheap however many tasks are open), the one whose state machine executes its code
    /// (not suspended, not completed). Null when there is none, or more than one (the same method running on two
    /// threads): a chain is left out rather than guessed.
    /// </summary>
    public static TrackedTask? RunningMethod(ScopeTracker scope, Type stateMachineType)
    {
        var candidates = scope.Sites.Owners("Async: " + stateMachineType.Name);
        if (candidates.Length == 0)
        {
            return null;
        }

        var objects = RuntimeTaskInternals.FindTasks(candidates.Select(t => t.Id));
        TrackedTask? found = null;
        foreach (var candidate in candidates)
        {
            if (objects.TryGetValue(candidate.Id, out var task)
                && RuntimeTaskInternals.GetStateMachine(task) is { } stateMachine
                && stateMachine.GetType() == stateMachineType
                && RuntimeTaskInternals.GetState(stateMachine) == -1
                && !task.IsCompleted)
            {
                if (found is not null)
                {
                    return null;
                }

                found = candidate;
            }
        }

        return found;
    }
}
