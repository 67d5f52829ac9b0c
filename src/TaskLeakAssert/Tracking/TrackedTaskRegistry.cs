using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Unfinished tracked tasks of every open scope, by task id. Completion events arrive on whatever
/// thread completes a task, outside the scope's async flow, so they are matched here by id.
/// </summary>
/// <remarks>
/// Every creation and completion in a scope passes here, on every thread at once, so the map allocates nothing:
/// a record is chained into its bucket through its own <see cref="TrackedTask.NextInBucket"/> (a concurrent
/// dictionary allocated a node per task, a fifth of what tracking allocated in a task storm, figure 8 of
/// docs/performance.md). Writers lock one of many stripes; readers walk a chain without a lock, which stays
/// walkable while a record is unlinked (its own link is left as it was).
/// </remarks>
internal static class TrackedTaskRegistry
{
    private const int Buckets = 4096;
    private const int Stripes = 64;

    private static readonly TrackedTask?[] s_buckets = new TrackedTask?[Buckets];
    private static readonly object[] s_stripes = [.. Enumerable.Range(0, Stripes).Select(_ => new object())];
    private static int s_count;

    public static void Add(TrackedTask task)
    {
        int bucket = BucketOf(task.Id);
        lock (s_stripes[bucket % Stripes])
        {
            // A task id is announced once; a record left by an id the runtime reused replaces it, as an indexer would.
            if (Unlink(bucket, task.Id, only: null) is null)
            {
                Interlocked.Increment(ref s_count);
            }

            task.NextInBucket = s_buckets[bucket];
            Volatile.Write(ref s_buckets[bucket], task);
        }
    }

    public static bool TryGet(int id, out TrackedTask? task)
    {
        for (var entry = Volatile.Read(ref s_buckets[BucketOf(id)]); entry is not null; entry = entry.NextInBucket)
        {
            if (entry.Id == id)
            {
                task = entry;
                return true;
            }
        }

        task = null;
        return false;
    }

    public static bool TryRemove(int id, out TrackedTask? task)
    {
        int bucket = BucketOf(id);
        lock (s_stripes[bucket % Stripes])
        {
            task = Unlink(bucket, id, only: null);
        }

        if (task is null)
        {
            return false;
        }

        Interlocked.Decrement(ref s_count);
        return true;
    }

    /// <summary>Forgets a task only if the entry is still this very record; false when its end was recorded first.</summary>
    public static bool Forget(TrackedTask task)
    {
        int bucket = BucketOf(task.Id);
        bool removed;
        lock (s_stripes[bucket % Stripes])
        {
            removed = Unlink(bucket, task.Id, only: task) is not null;
        }

        if (removed)
        {
            Interlocked.Decrement(ref s_count);
        }

        return removed;
    }

    /// <summary>
    /// The unfinished tasks of one scope. The one map serves completions (by id) and verdicts (by scope): a
    /// second, per-scope map would cost every tracked task two more concurrent writes.
    /// </summary>
    /// <remarks>
    /// Every verdict asks several times, most often of a scope with nothing left: then it reads one counter instead of
    /// every bucket. The scan is compiled optimized at once: a test process is often too short for the JIT to promote a
    /// loop over thousands of buckets from its first, unoptimized tier.
    /// </remarks>
    public static TrackedTask[] UnfinishedOf(ScopeTracker scope) => scope.UnfinishedCount == 0 ? [] : Scan(scope);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static TrackedTask[] Scan(ScopeTracker scope)
    {
        var found = new List<TrackedTask>();
        for (int bucket = 0; bucket < Buckets; bucket++)
        {
            for (var entry = Volatile.Read(ref s_buckets[bucket]); entry is not null; entry = entry.NextInBucket)
            {
                if (entry.Scope == scope)
                {
                    found.Add(entry);
                }
            }
        }

        return [.. found];
    }

    /// <summary>The unfinished tasks of every open scope (for a verdict that names the work starving the pool).</summary>
    public static IEnumerable<TrackedTask> All
    {
        get
        {
            if (Volatile.Read(ref s_count) == 0)
            {
                yield break;
            }

            for (int bucket = 0; bucket < Buckets; bucket++)
            {
                for (var entry = Volatile.Read(ref s_buckets[bucket]); entry is not null; entry = entry.NextInBucket)
                {
                    yield return entry;
                }
            }
        }
    }

    public static int Count => Volatile.Read(ref s_count);

    private static int BucketOf(int id) => (int)((uint)id % Buckets);

    // Under the bucket's stripe lock. The unlinked record keeps its own link, so a reader standing on it goes on.
    private static TrackedTask? Unlink(int bucket, int id, TrackedTask? only)
    {
        TrackedTask? previous = null;
        for (var entry = s_buckets[bucket]; entry is not null; previous = entry, entry = entry.NextInBucket)
        {
            if (entry.Id != id || (only is not null && entry != only))
            {
                continue;
            }

            if (previous is null)
            {
                Volatile.Write(ref s_buckets[bucket], entry.NextInBucket);
            }
            else
            {
                previous.NextInBucket = entry.NextInBucket;
            }

            return entry;
        }

        return null;
    }
}
