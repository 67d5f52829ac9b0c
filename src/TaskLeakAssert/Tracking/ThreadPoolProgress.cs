namespace TaskLeakAssert.Tracking;

/// <summary>
/// A reading of the thread pool's public counters. Two readings tell whether the pool made progress between
/// them: work was waiting, and next to no work item completed. That is starvation (every pool thread blocked),
/// not a slow machine: on a loaded machine the pool still completes work, only later.
/// </summary>
internal readonly record struct ThreadPoolProgress(long Completed, long Pending, int Threads)
{
    public static ThreadPoolProgress Now() => new(ThreadPool.CompletedWorkItemCount, ThreadPool.PendingWorkItemCount, ThreadPool.ThreadCount);

    /// <summary>
    /// Whether, since <paramref name="earlier"/> (a probe, 100 ms), the pool had work waiting and completed next to
    /// none: at most five items, plus two per thread it added (a starved pool injects a thread now and then, which
    /// may finish a few short items, a timer's, before the next blocking one takes it). A pool that is merely busy
    /// completes far more; one saturated by long work items completes few, and its queued work does wait for a thread.
    /// </summary>
    public bool StalledSince(ThreadPoolProgress earlier) =>
        Pending > 0 && Completed - earlier.Completed <= 5 + 2 * Math.Max(0, Threads - earlier.Threads);
}
