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
    /// Whether, since <paramref name="earlier"/>, the pool had work waiting and completed next to none: at most one
    /// item, plus one per thread it added (a starved pool injects a thread now and then, which may finish one short
    /// item before the next blocking one takes it). A pool that merely runs slowly completes far more.
    /// </summary>
    public bool StalledSince(ThreadPoolProgress earlier) =>
        Pending > 0 && Completed - earlier.Completed <= 1 + Math.Max(0, Threads - earlier.Threads);
}
