using TaskLeakAssert.Reporting;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Ends a verdict's wait as soon as all that still runs is work the verdict would not count (framework work, or
/// leaks the user's ignore rules leave out): such work never makes the check wait. Asks when the wait begins and
/// each time one of the scope's tasks ends (nothing else can leave only such work), while few tasks remain:
/// describing many tasks that often would cost more than the wait it might save.
/// </summary>
/// <remarks>
/// No timer: a periodic wake-up would be pool work of its own while the verdict waits, and a starved pool would
/// count it as progress (<see cref="PoolStarvation"/>).
/// </remarks>
internal static class NotCountedWatch
{
    /// <summary>Above this many unfinished tasks the watch does not judge them; the wait goes on as it would.</summary>
    public const int MaxJudged = 32;

    /// <summary>Watches <paramref name="scope"/> until <paramref name="drained"/> completes or <paramref name="stop"/> is canceled.</summary>
    public static async Task WatchAsync(ScopeTracker scope, TaskCompletionSource drained, CancellationToken stop)
    {
        try
        {
            var stopped = Task.Delay(Timeout.Infinite, stop);
            while (!drained.Task.IsCompleted && !stop.IsCancellationRequested)
            {
                // Asked before judging: an end while judging wakes the next round at once.
                var nextEnd = scope.NextEnd();
                if (OnlyNotCountedRemains(scope))
                {
                    drained.TrySetResult();
                    return;
                }

                await Task.WhenAny(drained.Task, nextEnd, stopped).ConfigureAwait(false);
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
        if (unfinished.Length is 0 or > MaxJudged)
        {
            return false;
        }

        // Without ignore rules, only framework work can end the wait early: a scope with none waits as it always did.
        bool ignoreRules = scope.Options.IgnoredMethods.Count > 0 || scope.Options.IgnoreWhen.Count > 0;
        if (!ignoreRules && !unfinished.Any(FrameworkWorkOwnership.Of(unfinished).IsFrameworkWork))
        {
            return false;
        }

        return LeakAnalyzer.OnlyNotCountedWorkRemains(scope, unfinished);
    }
}
