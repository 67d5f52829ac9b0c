using TaskLeakAssert.Reporting;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Ends a verdict's wait as soon as all that still runs is work the verdict would not count (framework work, or
/// leaks the user's ignore rules leave out): such work never makes the check wait. Asks when the wait begins, each
/// time one of the scope's tasks ends, and every <see cref="Interval"/> (a task can start counting as framework work
/// without anything ending), while few tasks remain: describing many tasks that often would cost more than the wait
/// it might save.
/// </summary>
internal static class NotCountedWatch
{
    /// <summary>How often the remaining work is judged while the verdict waits.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>Above this many unfinished tasks the watch does not judge them; the wait goes on as it would.</summary>
    public const int MaxJudged = 32;

    /// <summary>Watches <paramref name="scope"/> until <paramref name="drained"/> completes or <paramref name="stop"/> is canceled.</summary>
    public static async Task WatchAsync(ScopeTracker scope, TaskCompletionSource drained, CancellationToken stop)
    {
        try
        {
            var tick = Task.Delay(Interval, stop);
            while (!drained.Task.IsCompleted && !stop.IsCancellationRequested)
            {
                // Asked before judging: an end while judging wakes the next round at once.
                var nextEnd = scope.NextEnd();
                if (OnlyNotCountedRemains(scope))
                {
                    drained.TrySetResult();
                    return;
                }

                await Task.WhenAny(drained.Task, nextEnd, tick).ConfigureAwait(false);
                if (tick.IsCompleted)
                {
                    tick = Task.Delay(Interval, stop);
                }
            }
        }
        catch (Exception)
        {
            // Never fail a verdict from here: the wait goes on to its own end.
        }
    }

    private static bool OnlyNotCountedRemains(ScopeTracker scope)
    {
        if (FrameworkWork.Entries.Count == 0 && scope.Options.IgnoredMethods.Count == 0 && scope.Options.IgnoreWhen.Count == 0)
        {
            return false;
        }

        var unfinished = TrackedTaskRegistry.UnfinishedOf(scope).Take(MaxJudged + 1).ToArray();
        return unfinished.Length is > 0 and <= MaxJudged && LeakAnalyzer.OnlyNotCountedWorkRemains(scope, unfinished);
    }
}
