using System.Diagnostics;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// What the library remembers of one timer a scope's code armed: its runtime id, where it was armed, its
/// period, and how often it fired, and fired while the verdict waited. Never the timer object, so tracking
/// keeps nothing of the code under test alive.
/// </summary>
internal sealed class TrackedTimer
{
    private uint _period;
    private int _schedules;
    private int _fires;
    private int _firesDuringWait;
    private long _firstFireDuringWait;
    private long _lastFireDuringWait;
    private long _nextDue;

    public TrackedTimer(long id, ScopeTracker scope, ScopeTracker? armedInFlow, CreationSite? site, uint dueTime, uint period)
    {
        Id = id;
        Scope = scope;
        ArmedInFlow = armedInFlow;
        Site = site;
        _period = period;
        _schedules = 1;
        _nextDue = DueIn(dueTime);
    }

    /// <summary>The id the runtime's timer events carry (the timer object's hash code).</summary>
    public long Id { get; }

    public ScopeTracker Scope { get; }

    /// <summary>The scope of the flow that first armed it (before a fixture took it over): the flow its callback runs in when the timer was created there.</summary>
    public ScopeTracker? ArmedInFlow { get; }

    /// <summary>Where the timer was first armed in the scope: its creation, or a re-arm from its own callback.</summary>
    public CreationSite? Site { get; }

    /// <summary>Its period as last armed, in milliseconds; <see cref="uint.MaxValue"/> (or 0) for a one-shot.</summary>
    public uint Period => Volatile.Read(ref _period);

    public bool IsPeriodic => Period is not (0 or uint.MaxValue);

    /// <summary>How often it was armed: more than once for a one-shot timer its callback re-arms.</summary>
    public int Schedules => Volatile.Read(ref _schedules);

    public int Fires => Volatile.Read(ref _fires);

    /// <summary>How often it fired after the verdict began to wait: work that keeps starting after shutdown.</summary>
    public int FiresDuringWait => Volatile.Read(ref _firesDuringWait);

    /// <summary>The time between its runs during the wait, as measured; null below two runs.</summary>
    public TimeSpan? MeasuredInterval()
    {
        int runs = FiresDuringWait;
        return runs < 2 ? null : Stopwatch.GetElapsedTime(Volatile.Read(ref _firstFireDuringWait), Volatile.Read(ref _lastFireDuringWait)) / (runs - 1);
    }

    /// <summary>
    /// Whether it should have fired a while ago and has not: the runtime queues a due timer's callback to the thread
    /// pool, so a stalled pool holds it back (a test's 10 ms delay that never ends).
    /// </summary>
    public bool IsOverdue(TimeSpan slack) => Stopwatch.GetTimestamp() > Volatile.Read(ref _nextDue) + (long)(slack.TotalSeconds * Stopwatch.Frequency);

    /// <summary>
    /// Whether it may still be in the runtime's queue: periodic, or armed more often than it fired. A one-shot
    /// timer that fired as often as it was armed (a delay, a timeout that ended) is done.
    /// </summary>
    public bool MayStillBeScheduled => IsPeriodic || Fires < Schedules;

    /// <summary>
    /// Whether a timer found in the runtime's queue under this one's id is this one. Ids are hash codes and two
    /// timers can share one, so the found timer must run its callback in this timer's flow: the flow that armed it,
    /// or one inside it. Unknown (no context: its creator suppressed the flow, or the runtime does not say): yes.
    /// </summary>
    /// <remarks>
    /// A timer created in another flow (a fixture's, code outside any scope) and only armed in this scope's fails
    /// this too: the verdict counts it as another flow's timer and says so in a note.
    /// </remarks>
    public bool RunsInItsFlow(ScheduledTimer found)
    {
        if (found.Context is not { } context || !ScopeTracker.TryReadScopeOf(context, out var flow))
        {
            return true;
        }

        for (var scope = flow; scope is not null; scope = scope.Parent)
        {
            if (scope == ArmedInFlow || scope == Scope)
            {
                return true;
            }
        }

        return false;
    }

    public void Scheduled(uint dueTime, uint period)
    {
        Volatile.Write(ref _period, period);
        Volatile.Write(ref _nextDue, DueIn(dueTime));
        Interlocked.Increment(ref _schedules);
    }

    private static long DueIn(uint milliseconds) =>
        milliseconds == uint.MaxValue ? long.MaxValue : Stopwatch.GetTimestamp() + (long)(milliseconds / 1000.0 * Stopwatch.Frequency);

    /// <summary>Called from the timer's fire event; <paramref name="timestamp"/> is a <see cref="Stopwatch"/> timestamp.</summary>
    public void Fired(bool duringWait, long timestamp)
    {
        Interlocked.Increment(ref _fires);
        uint period = Period;
        Volatile.Write(ref _nextDue, period is 0 or uint.MaxValue ? long.MaxValue : timestamp + (long)(period / 1000.0 * Stopwatch.Frequency));
        if (duringWait && Interlocked.Increment(ref _firesDuringWait) == 1)
        {
            Volatile.Write(ref _firstFireDuringWait, timestamp);
        }

        if (duringWait)
        {
            Volatile.Write(ref _lastFireDuringWait, timestamp);
        }
    }
}
