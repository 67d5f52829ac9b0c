using System.Diagnostics;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// The tasks of a scope that end while its verdict is asked for, so the verdict never returns before the runtime
/// marks them completed.
/// </summary>
/// <remarks>
/// The runtime writes a task's end event, takes the task out of its task table, and only then sets its completed
/// state. A verdict that the last end event lets go could return in between: a test that reads
/// <c>work.IsCompleted</c> right after a clean verdict would see false, on a loaded machine where the completing
/// thread is preempted in that window (seen: 3 in 24,000 verdicts under two busy loops). While the verdict is asked
/// for, each end event takes its task from the table (where it still is) until the verdict is decided; then they
/// are let go. Before that, an end event reads one flag.
/// </remarks>
internal sealed class EndingTasks
{
    // Ends during a verdict are the scope's last work finishing: few. A full list first lets go of the tasks that
    // read completed by now (nearly all); past that, later ones are not waited for.
    private const int MaxKept = 64;

    /// <summary>How long a verdict waits at most, for all the tasks the runtime is still marking completed.</summary>
    private static readonly TimeSpan MarkingBound = TimeSpan.FromSeconds(1);

    private readonly List<Task> _ending = [];
    private volatile bool _watching;

    /// <summary>From now on, end events keep their tasks until <see cref="WaitUntilMarkedCompleted"/>.</summary>
    public void Watch() => _watching = true;

    /// <summary>Called from a task's end event; <paramref name="known"/>: the task object when the caller has it.</summary>
    public void Ended(int taskId, Task? known)
    {
        if (!_watching || (known ?? RuntimeTaskInternals.FindTask(taskId)) is not { IsCompleted: false } task)
        {
            return;
        }

        lock (_ending)
        {
            if (_ending.Count >= MaxKept)
            {
                _ending.RemoveAll(static t => t.IsCompleted);
            }

            if (_watching && _ending.Count < MaxKept)
            {
                _ending.Add(task);
            }
        }
    }

    /// <summary>
    /// Waits until each task that ended while the verdict was asked for reads as completed (a few instructions away
    /// for each), then lets them all go and stops watching.
    /// </summary>
    public void WaitUntilMarkedCompleted()
    {
        long deadline = Stopwatch.GetTimestamp() + (long)(MarkingBound.TotalSeconds * Stopwatch.Frequency);
        foreach (var task in LetGo())
        {
            var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
            if (left <= TimeSpan.Zero || !SpinWait.SpinUntil(() => task.IsCompleted, left))
            {
                return;
            }
        }
    }

    /// <summary>Stops watching and lets go of the tasks kept (a scope that ends without a verdict, or after it).</summary>
    public Task[] LetGo()
    {
        lock (_ending)
        {
            _watching = false;
            Task[] ending = [.. _ending];
            _ending.Clear();
            return ending;
        }
    }
}
