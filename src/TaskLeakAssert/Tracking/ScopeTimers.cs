using TaskLeakAssert.Reporting;
using System.Collections.Concurrent;
using System.Diagnostics;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// The timers one scope's code armed, learned from the runtime's timer events (<see cref="TaskEventListener"/>):
/// a timer armed in the scope's flow is the scope's, and its fire events say whether it kept firing while the
/// verdict waited. At the verdict, <see cref="Reporting.StillFiringTimers"/> reports those still scheduled.
/// </summary>
/// <remarks>
/// The arm event is raised while the runtime holds the timer queue's lock: nothing here takes another queue's
/// lock or waits, and a full table is pruned later, off that thread.
/// </remarks>
internal sealed class ScopeTimers
{
    /// <summary>How many armed timers one scope keeps at once (a loop of timeouts arms thousands); past it, later ones go unchecked and the report says so.</summary>
    public const int MaxPerScope = 1000;

    // Every open scope's timers by id, for the fire events, which carry only the id. Counted apart:
    // ConcurrentDictionary.IsEmpty takes every lock, and the fire event of any timer in the process asks.
    private static readonly ConcurrentDictionary<long, TrackedTimer> s_all = new();
    private static int s_allCount;

    private readonly ScopeTracker _scope;
    private readonly ConcurrentDictionary<long, TrackedTimer> _mine = new();
    private int _unchecked;
    private int _pruning;

    public ScopeTimers(ScopeTracker scope) => _scope = scope;

    /// <summary>
    /// A timer was armed (created, or changed) in this scope's flow. <paramref name="knownSite"/>: the site of the
    /// task that arms it as part of its own creation (Task.Delay), so the stack is not walked twice.
    /// </summary>
    public void OnArmed(long id, uint dueTime, uint period, CreationSite? knownSite = null)
    {
        if (s_all.TryGetValue(id, out var known))
        {
            // Re-armed, maybe from its own callback: it stays the scope's that armed it first.
            known.Scheduled(dueTime, period);
            return;
        }

        if (_mine.Count >= MaxPerScope && !DropFiredOneShots())
        {
            Interlocked.Increment(ref _unchecked);
            PruneLater();
            return;
        }

        var timer = new TrackedTimer(id, _scope, ScopeTracker.CurrentInFlow, knownSite ?? _scope.Sites.ForTimer(), dueTime, period);
        if (s_all.TryAdd(id, timer))
        {
            Interlocked.Increment(ref s_allCount);
            _mine[id] = timer;
        }
    }

    /// <summary>A timer fired; only the scopes' own timers are looked up.</summary>
    public static void OnFired(long id)
    {
        if (Volatile.Read(ref s_allCount) > 0 && s_all.TryGetValue(id, out var timer))
        {
            timer.Fired(timer.Scope.IsWaiting, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>
    /// Whether one of the scope's timers is overdue and still scheduled: its callback waits for a pool thread. (A
    /// timer disposed before it was due raises no event; the runtime's queue says it is gone. Unknown: no.)
    /// </summary>
    public bool AnyOverdue(TimeSpan slack)
    {
        var overdue = _mine.Values.Where(t => t.IsOverdue(slack)).Select(t => t.Id).ToHashSet();
        return overdue.Count > 0 && RuntimeTimerInternals.FindScheduled(overdue) is { Count: > 0 };
    }

    /// <summary>Ends the scope's timer tracking: its timers, and how many it armed past <see cref="MaxPerScope"/> unchecked.</summary>
    public (IReadOnlyList<TrackedTimer> Timers, int Unchecked) TakeAll()
    {
        var timers = _mine.Values.ToArray();
        foreach (var timer in timers)
        {
            Forget(timer);
        }

        return (timers, Interlocked.Exchange(ref _unchecked, 0));
    }

    private void Forget(TrackedTimer timer)
    {
        _mine.TryRemove(timer.Id, out _);
        if (s_all.TryRemove(new KeyValuePair<long, TrackedTimer>(timer.Id, timer)))
        {
            Interlocked.Decrement(ref s_allCount);
        }
    }

    // A one-shot timer that fired and was not armed again is done (a delay, a timeout): its work is judged as tasks.
    private bool DropFiredOneShots()
    {
        foreach (var timer in _mine.Values)
        {
            if (!timer.MayStillBeScheduled)
            {
                Forget(timer);
            }
        }

        return _mine.Count < MaxPerScope;
    }

    // Off the arming thread (which holds a timer queue's lock): forget the timers no longer scheduled.
    private void PruneLater()
    {
        if (!RuntimeTimerInternals.Available || Interlocked.Exchange(ref _pruning, 1) == 1)
        {
            return;
        }

        ThreadPool.UnsafeQueueUserWorkItem(
            static self =>
            {
                try
                {
                    var scheduled = RuntimeTimerInternals.FindScheduled(self._mine.Keys.ToHashSet());
                    foreach (var timer in self._mine.Values)
                    {
                        if (scheduled is not null && !scheduled.ContainsKey(timer.Id))
                        {
                            self.Forget(timer);
                        }
                    }
                }
                catch (Exception)
                {
                    // A work item that throws ends the process: unpruned, later timers stay unchecked (and said so).
                }
                finally
                {
                    Volatile.Write(ref self._pruning, 0);
                }
            },
            this,
            preferLocal: false);
    }
}
