namespace TaskLeakAssert.Tracking;

/// <summary>
/// Which task's code is running on this thread right now, from the runtime's synchronous-work events: an
/// async method resumed after an await, or a task's delegate. <see cref="Task.CurrentId"/> knows only the
/// latter; an async method's continuation runs outside any task's delegate, yet it is that method's work.
/// </summary>
/// <remarks>
/// The runtime announces the start of a piece of work with its task id and its end without one; the
/// pieces nest (a completing task runs its continuations inline). A small per-thread stack pairs them.
/// It is only fed while a fixture scope is open (<see cref="TrackingActivation"/>); a lost end event can
/// only leave a stale entry until the thread's next work ends.
/// </remarks>
internal static class RunningTasks
{
    private const int Execution = 2;
    private const int MaxDepth = 32;

    // Each time the events are switched on, every thread's stack starts empty: work that began while they
    // were off never announces its end.
    private static int s_generation;

    [ThreadStatic] private static int[]? t_ids;
    [ThreadStatic] private static int t_depth;
    [ThreadStatic] private static int t_generation;

    public static void EventsSwitchedOn() => Interlocked.Increment(ref s_generation);

    public static void WorkBegan(int taskId, int work)
    {
        var ids = t_ids ??= new int[MaxDepth];
        int generation = Volatile.Read(ref s_generation);
        if (t_generation != generation)
        {
            t_generation = generation;
            t_depth = 0;
        }

        if (t_depth < MaxDepth)
        {
            // Only execution is code running on behalf of the task; a completion notification runs others' continuations.
            ids[t_depth] = work == Execution ? taskId : 0;
        }

        t_depth++;
    }

    public static void WorkEnded()
    {
        if (t_depth > 0 && t_generation == Volatile.Read(ref s_generation))
        {
            t_depth--;
        }
    }

    /// <summary>The id of the innermost task whose code runs on this thread, or null.</summary>
    public static int? Current
    {
        get
        {
            var ids = t_ids;
            if (t_generation != Volatile.Read(ref s_generation))
            {
                return Task.CurrentId;
            }

            for (int i = Math.Min(t_depth, MaxDepth) - 1; i >= 0 && ids is not null; i--)
            {
                if (ids[i] != 0)
                {
                    return ids[i];
                }
            }

            return Task.CurrentId;
        }
    }
}
