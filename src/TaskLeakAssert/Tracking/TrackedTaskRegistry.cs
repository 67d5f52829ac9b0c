using System.Collections.Concurrent;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Unfinished tracked tasks of every open scope, by task id. Completion events arrive on whatever
/// thread completes a task, outside the scope's async flow, so they are matched here by id.
/// </summary>
internal static class TrackedTaskRegistry
{
    private static readonly ConcurrentDictionary<int, TrackedTask> s_unfinished = new();

    public static void Add(TrackedTask task) => s_unfinished[task.Id] = task;

    public static bool TryGet(int id, out TrackedTask? task) => s_unfinished.TryGetValue(id, out task);

    public static bool TryRemove(int id, out TrackedTask? task) => s_unfinished.TryRemove(id, out task);

    /// <summary>Forgets a task only if the entry is still this very record; false when its end was recorded first.</summary>
    public static bool Forget(TrackedTask task) => s_unfinished.TryRemove(new KeyValuePair<int, TrackedTask>(task.Id, task));

    /// <summary>
    /// The unfinished tasks of one scope. The one map serves completions (by id) and verdicts (by scope): a
    /// second, per-scope map would cost every tracked task two more concurrent writes.
    /// </summary>
    public static IEnumerable<TrackedTask> UnfinishedOf(ScopeTracker scope)
    {
        foreach (var entry in s_unfinished)
        {
            if (entry.Value.Scope == scope)
            {
                yield return entry.Value;
            }
        }
    }

    /// <summary>The unfinished tasks of every open scope (for a verdict that names the work starving the pool).</summary>
    public static IEnumerable<TrackedTask> All => s_unfinished.Values;

    public static int Count => s_unfinished.Count;
}
