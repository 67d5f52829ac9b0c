using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Which of a scope's unfinished tasks are framework work (<see cref="FrameworkWork"/>): a task whose own code is a
/// catalogue entry's, or one that such a task started (its parent, the async method it resumed in, the delegate it
/// unwraps). Read from the live task objects at the moment of asking; a task whose ancestors have all ended is judged
/// by its own code alone.
/// </summary>
internal sealed class FrameworkWorkOwnership
{
    private const int MaxAncestry = 16;

    private readonly Dictionary<int, Task> _objects;
    private readonly Dictionary<int, FrameworkWorkEntry?> _byId = [];

    private FrameworkWorkOwnership(Dictionary<int, Task> objects) => _objects = objects;

    /// <summary>Reads the task objects of <paramref name="unfinished"/> and their ancestors once.</summary>
    public static FrameworkWorkOwnership Of(IReadOnlyCollection<TrackedTask> unfinished)
    {
        if (FrameworkWork.Entries.Count == 0 || unfinished.Count == 0)
        {
            return new FrameworkWorkOwnership([]);
        }

        var ids = unfinished.SelectMany(Ancestry).Select(t => t.Id).ToHashSet();
        return new FrameworkWorkOwnership(RuntimeTaskInternals.FindTasks(ids));
    }

    /// <summary>
    /// The entry whose work <paramref name="record"/> is, or null when it is the user's: its own code or the code
    /// that created it is an entry's, or so is that of a task that started it.
    /// </summary>
    public FrameworkWorkEntry? EntryFor(TrackedTask record)
    {
        foreach (var task in Ancestry(record))
        {
            if ((EntryForTask(task.Id) ?? EntryForCreator(task)) is { } entry)
            {
                return entry;
            }
        }

        return null;
    }

    // The first frame of its creation site that is not the runtime's: a delay created in a catalogued loop.
    private static FrameworkWorkEntry? EntryForCreator(TrackedTask task) =>
        task.Site is { UserFrames: [var first, ..] } ? FrameworkWork.MatchCreator(first.GetMethod()) : null;

    /// <summary>Whether <paramref name="record"/> is framework work (<see cref="EntryFor"/>).</summary>
    public bool IsFrameworkWork(TrackedTask record) => EntryFor(record) is not null;

    /// <summary>The entry whose work the task with this id runs, judged by its own code alone.</summary>
    public FrameworkWorkEntry? EntryForTask(int id)
    {
        if (!_byId.TryGetValue(id, out var entry))
        {
            entry = (_objects.GetValueOrDefault(id) ?? RuntimeTaskInternals.FindTask(id)) is { } task ? FrameworkWork.Match(task) : null;
            _byId[id] = entry;
        }

        return entry;
    }

    // The task itself first, then what started it: breadth first, bounded (a record's ancestry is a small tree).
    private static IEnumerable<TrackedTask> Ancestry(TrackedTask record)
    {
        var seen = new HashSet<int>();
        var next = new Queue<TrackedTask>([record]);
        while (next.Count > 0 && seen.Count < MaxAncestry)
        {
            var task = next.Dequeue();
            if (!seen.Add(task.Id))
            {
                continue;
            }

            yield return task;
            foreach (var ancestor in new[] { task.Parent, task.ResumedMethod, task.UnwrapSource })
            {
                if (ancestor is not null)
                {
                    next.Enqueue(ancestor);
                }
            }
        }
    }
}
