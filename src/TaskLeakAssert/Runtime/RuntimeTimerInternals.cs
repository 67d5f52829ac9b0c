using System.Reflection;
using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Runtime;

/// <summary>
/// Reads the runtime's timer queues at a verdict: which timers are still scheduled, and what they call. Like
/// <see cref="RuntimeTaskInternals"/>, feature-detected on first use; on a runtime that differs it answers
/// "unknown" (null), and the report falls back to the timers' fire events.
/// </summary>
/// <remarks>
/// What it uses, all in System.Private.CoreLib (checked against .NET 10): <c>TimerQueue.Instances</c>, each queue's
/// <c>SharedLock</c> (a <see cref="Lock"/>, held while its lists are read, as the runtime does), its
/// <c>_shortTimers</c>/<c>_longTimers</c> lists linked by <c>TimerQueueTimer._next</c>, and each timer's
/// <c>_timerCallback</c>, <c>_period</c>, <c>_canceled</c> and, when present, <c>_executionContext</c>. A timer is
/// known by <see cref="RuntimeHelpers.GetHashCode(object)"/>: the id its runtime events carry, which two timers can
/// share (26 bits), so every timer with an id asked for is returned, with the context it runs its callback in.
/// </remarks>
internal static class RuntimeTimerInternals
{
    private const BindingFlags AnyStatic = BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic;
    private const BindingFlags AnyInstance = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly Type? s_queueType = typeof(Timer).Assembly.GetType("System.Threading.TimerQueue");
    private static readonly Type? s_timerType = typeof(Timer).Assembly.GetType("System.Threading.TimerQueueTimer");
    private static readonly PropertyInfo? s_instances = s_queueType?.GetProperty("Instances", AnyStatic);
    private static readonly PropertyInfo? s_sharedLock = s_queueType?.GetProperty("SharedLock", AnyInstance);
    private static readonly FieldInfo? s_shortTimers = s_queueType?.GetField("_shortTimers", AnyInstance);
    private static readonly FieldInfo? s_longTimers = s_queueType?.GetField("_longTimers", AnyInstance);
    private static readonly FieldInfo? s_next = s_timerType?.GetField("_next", AnyInstance);
    private static readonly FieldInfo? s_callback = s_timerType?.GetField("_timerCallback", AnyInstance);
    private static readonly FieldInfo? s_period = s_timerType?.GetField("_period", AnyInstance);
    private static readonly FieldInfo? s_canceled = s_timerType?.GetField("_canceled", AnyInstance);
    private static readonly FieldInfo? s_context = s_timerType?.GetField("_executionContext", AnyInstance) is { } field
        && field.FieldType == typeof(ExecutionContext) ? field : null;

    private static bool s_works = s_instances is not null && s_sharedLock?.PropertyType == typeof(Lock)
        && s_shortTimers is not null && s_longTimers is not null && s_next is not null
        && s_callback is not null && s_period?.FieldType == typeof(uint) && s_canceled?.FieldType == typeof(bool);

    /// <summary>Whether the timer queues can be read on this runtime.</summary>
    public static bool Available => s_works && !RuntimeTaskInternals.SimulateMissingInternals;

    /// <summary>
    /// Of the timers with these ids, the ones still scheduled now, with what they call: one or more per id found.
    /// Null when the queues cannot be read. Only ids asked for are looked at, and the queue's lock is held only to
    /// walk its lists.
    /// </summary>
    public static IReadOnlyDictionary<long, List<ScheduledTimer>>? FindScheduled(IReadOnlySet<long> ids)
    {
        if (!Available)
        {
            return null;
        }

        try
        {
            var found = new Dictionary<long, List<ScheduledTimer>>();
            if (ids.Count == 0 || s_instances!.GetValue(null) is not Array queues)
            {
                return found;
            }

            foreach (var queue in queues)
            {
                if (queue is null || s_sharedLock!.GetValue(queue) is not Lock gate)
                {
                    continue;
                }

                using (gate.EnterScope())
                {
                    Collect(s_shortTimers!.GetValue(queue), ids, found);
                    Collect(s_longTimers!.GetValue(queue), ids, found);
                }
            }

            return found;
        }
        catch (Exception)
        {
            // A runtime whose timers look different: from now on, unknown.
            s_works = false;
            return null;
        }
    }

    private static void Collect(object? timer, IReadOnlySet<long> ids, Dictionary<long, List<ScheduledTimer>> found)
    {
        // Bounded: a list that does not end (read wrong) must not hang the verdict.
        for (int walked = 0; timer is not null && walked < 1_000_000; walked++, timer = s_next!.GetValue(timer))
        {
            long id = RuntimeHelpers.GetHashCode(timer);
            if (ids.Contains(id) && s_canceled!.GetValue(timer) is false)
            {
                var scheduled = new ScheduledTimer(
                    s_callback!.GetValue(timer) as Delegate,
                    (uint)s_period!.GetValue(timer)!,
                    s_context?.GetValue(timer) as ExecutionContext);
                if (found.TryGetValue(id, out var sameId))
                {
                    sameId.Add(scheduled);
                }
                else
                {
                    found[id] = [scheduled];
                }
            }
        }
    }
}

/// <summary>
/// A timer still in the runtime's queue: what it calls, its period (<see cref="uint.MaxValue"/> for a one-shot), and
/// the ExecutionContext its callback runs in (null when its creator suppressed the flow, or the runtime's timer has
/// no such field).
/// </summary>
internal readonly record struct ScheduledTimer(Delegate? Callback, uint Period, ExecutionContext? Context)
{
    public bool IsPeriodic => Period is not (0 or uint.MaxValue);
}
