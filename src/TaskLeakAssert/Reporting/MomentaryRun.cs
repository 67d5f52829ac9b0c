using System.Diagnostics;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// An async method read as running (state -1) may only be between two awaits: a polling loop runs for microseconds
/// every few milliseconds, and on a loaded machine its thread can be preempted mid-iteration for milliseconds. Before
/// a report says it "runs on a thread and has not returned" (and to take a token in a loop that never awaits), it
/// looks again for a while: a method found at an await once is a loop that awaits, and is described at that await.
/// </summary>
/// <remarks>
/// One per report, with one budget for all its entries: a report of many methods truly stuck on a thread waits
/// <see cref="PerReport"/> at most. Only a verdict's report looks again, never the check that runs while the
/// verdict waits.
/// </remarks>
internal sealed class MomentaryRun
{
    /// <summary>How long one method is watched for an await.</summary>
    public static readonly TimeSpan PerMethod = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one report watches in all.</summary>
    public static readonly TimeSpan PerReport = TimeSpan.FromMilliseconds(500);

    private TimeSpan _left = PerReport;

    /// <summary>
    /// The state of <paramref name="task"/>'s state machine; when it reads as running, what it reads once it is not,
    /// within the budget. Read afresh each time: a state machine is a struct in its box, and what the runtime's
    /// internals give is a copy of it at that moment.
    /// </summary>
    public int? StateOf(Task task)
    {
        int? state = Read(task);
        if (state != -1 || _left <= TimeSpan.Zero)
        {
            return state;
        }

        long started = Stopwatch.GetTimestamp();
        var watch = PerMethod < _left ? PerMethod : _left;
        var spinner = default(SpinWait);
        while (state == -1 && Stopwatch.GetElapsedTime(started) < watch)
        {
            spinner.SpinOnce(sleep1Threshold: 30);
            state = Read(task);
        }

        _left -= Stopwatch.GetElapsedTime(started);
        return state;
    }

    private static int? Read(Task task) => RuntimeTaskInternals.GetStateMachine(task) is { } stateMachine ? RuntimeTaskInternals.GetState(stateMachine) : null;
}
