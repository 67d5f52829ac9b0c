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

    /// <summary>Forgets a task of a finished scope only if the entry is still that scope's (ids are unique, but be exact).</summary>
    public static void Forget(TrackedTask task) => s_unfinished.TryRemove(new KeyValuePair<int, TrackedTask>(task.Id, task));

    public static int Count => s_unfinished.Count;
}
