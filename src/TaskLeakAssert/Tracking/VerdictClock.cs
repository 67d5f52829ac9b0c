using System.Diagnostics;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Wakes verdicts at their timeout without the thread pool. Leaked tasks often block pool threads, which is
/// exactly when a pool timer fires late and a pool continuation starts late: a 500 ms verdict then waited
/// seconds. One dedicated background thread keeps the deadlines; a due verdict is resumed on a new thread of
/// its own, so a slow report (or the caller code it resumes) never holds up another verdict's deadline.
/// </summary>
/// <remarks>The clock thread exits when it has had nothing to do for a while and starts again on demand.</remarks>
internal static class VerdictClock
{
    private static readonly TimeSpan IdleExit = TimeSpan.FromSeconds(30);
    private static readonly object s_gate = new();
    private static readonly List<Alarm> s_alarms = [];
    private static bool s_running;

    // The deadline the clock thread sleeps until (long.MaxValue while it has none): a later alarm need not wake it.
    private static long s_wakesAt = long.MaxValue;

    /// <summary>
    /// Completes <paramref name="timedOut"/> after <paramref name="delay"/>, on a thread that is not a pool
    /// thread. Create the source without <c>RunContinuationsAsynchronously</c>: the awaiting verdict then
    /// resumes on that thread. Dispose the result to cancel the alarm once the verdict no longer needs it.
    /// </summary>
    public static IDisposable Schedule(TimeSpan delay, TaskCompletionSource timedOut)
    {
        var alarm = new Alarm(Stopwatch.GetTimestamp() + (long)(delay.TotalSeconds * Stopwatch.Frequency), timedOut);
        lock (s_gate)
        {
            s_alarms.Add(alarm);
            if (!s_running)
            {
                s_running = true;
                new Thread(Run) { IsBackground = true, Name = "TaskLeakAssert verdict clock" }.Start();
            }
            else if (alarm.Due < s_wakesAt)
            {
                Monitor.Pulse(s_gate);
            }
        }

        return alarm;
    }

    /// <summary>
    /// Whether <paramref name="task"/> completes (in any state) within <paramref name="timeout"/>. On the real clock
    /// the deadline is this clock's, so it holds while work blocks every pool thread; a test's own clock decides
    /// with its own timers. A canceled <paramref name="cancellationToken"/> ends the wait early, with what completed by then.
    /// </summary>
    public static async Task<bool> CompletesWithinAsync(Task task, TimeSpan timeout, TimeProvider clock, CancellationToken cancellationToken = default)
    {
        if (clock != TimeProvider.System)
        {
            try
            {
                await task.WaitAsync(timeout, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TimeoutException || (e is OperationCanceledException && cancellationToken.IsCancellationRequested))
            {
                return task.IsCompleted;
            }
            catch (Exception)
            {
                // Completed, faulted or canceled: the caller reads how.
            }

            return true;
        }

        var timedOut = new TaskCompletionSource();
        using (Schedule(timeout, timedOut))
        using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), timedOut))
        {
            await Task.WhenAny(task, timedOut.Task).ConfigureAwait(false);
        }

        return task.IsCompleted;
    }

    private static void Run()
    {
        lock (s_gate)
        {
            while (true)
            {
                long now = Stopwatch.GetTimestamp();
                for (int i = s_alarms.Count - 1; i >= 0; i--)
                {
                    if (s_alarms[i].Due <= now)
                    {
                        var due = s_alarms[i];
                        s_alarms.RemoveAt(i);
                        new Thread(due.Fire) { IsBackground = true, Name = "TaskLeakAssert verdict" }.Start();
                    }
                }

                if (s_alarms.Count == 0)
                {
                    s_wakesAt = long.MaxValue;
                    if (!Monitor.Wait(s_gate, IdleExit) && s_alarms.Count == 0)
                    {
                        s_running = false;
                        return;
                    }

                    continue;
                }

                long next = s_alarms.Min(a => a.Due);
                s_wakesAt = next;
                var wait = TimeSpan.FromSeconds((double)(next - now) / Stopwatch.Frequency);
                Monitor.Wait(s_gate, wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait);
            }
        }
    }

    private sealed class Alarm(long due, TaskCompletionSource timedOut) : IDisposable
    {
        public long Due { get; } = due;

        public void Fire() => timedOut.TrySetResult();

        public void Dispose()
        {
            lock (s_gate)
            {
                s_alarms.Remove(this);
            }
        }
    }
}
