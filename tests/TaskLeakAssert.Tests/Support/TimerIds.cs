using System.Reflection;
using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Tests.Support;

/// <summary>
/// The id the runtime's timer events give a <see cref="Timer"/>: the hash code of the queue entry behind it. Tests
/// use it to stand in for a second timer that happens to share that id, which cannot be arranged any other way.
/// </summary>
internal static class TimerIds
{
    private const BindingFlags Instance = BindingFlags.Instance | BindingFlags.NonPublic;

    public static long IdOf(Timer timer)
    {
        // Timer._timer is a TimerHolder, whose _timer is the TimerQueueTimer the events name.
        var holder = typeof(Timer).GetField("_timer", Instance)!.GetValue(timer)!;
        var queueTimer = holder.GetType().GetField("_timer", Instance)!.GetValue(holder)!;
        return RuntimeHelpers.GetHashCode(queueTimer);
    }
}
