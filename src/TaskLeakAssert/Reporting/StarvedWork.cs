using System.Globalization;
using TaskLeakAssert.Runtime;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// For a verdict that ended while the thread pool still made no progress: rewrites the entries of tasks that
/// only waited for a pool thread so their state and hint say so, and names the tracked work that held the
/// pool's threads, when any scope tracks it.
/// </summary>
internal sealed class StarvedWork(ScopeTracker scope, TimeSpan stalled)
{
    private const int MaxBlockersRead = 10_000;

    private string? _blockers;

    public LeakCandidate Mark(LeakCandidate candidate, Task task)
    {
        string stalledFor = ReportFormatter.Duration(stalled);
        string state = task.Status == TaskStatus.WaitingToRun
            ? $"queued, never started: the thread pool made no progress for {stalledFor}, so this task never got a thread"
            : $"ready to resume, but the thread pool made no progress for {stalledFor}, so it never got a thread";
        _blockers ??= DescribeBlockers();
        string hint = $"This task may be fine: it only waited for a thread. The pool's threads were all blocked{_blockers}. Find the work that blocks pool threads (a synchronous wait or Thread.Sleep inside Task.Run, .Result, .Wait()) and make it async, or give it a thread of its own (TaskCreationOptions.LongRunning).";
        return candidate with { State = state, Hint = hint, IsRunning = false };
    }

    // " by 101 tracked tasks running elsewhere: Task.Run delegate lambda in LoadTests.Hammer (scope 'LoadTests.Hammer') ×101"
    private string DescribeBlockers()
    {
        var others = TrackedTaskRegistry.All.Where(t => t.Scope != scope).Take(MaxBlockersRead).ToArray();
        var objects = RuntimeTaskInternals.FindTasks(others.Select(t => t.Id));
        var running = others
            .Where(t => objects.TryGetValue(t.Id, out var task) && task.Status == TaskStatus.Running)
            .Select(t => (Record: t, Task: objects[t.Id]))
            .ToArray();
        if (running.Length == 0)
        {
            return " by work no scope tracks (started outside any scope, or not a task)";
        }

        var groups = running
            .GroupBy(r => (What: LeakDescriber.Describe(r.Record, r.Task, null, LeakKind.NotCompleted).Description, Scope: r.Record.Scope.Name))
            .OrderByDescending(g => g.Count())
            .Take(3)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key.What} (scope '{g.Key.Scope}'){(g.Count() > 1 ? $" ×{g.Count()}" : string.Empty)}"));
        return string.Create(CultureInfo.InvariantCulture, $" by {running.Length} tracked task{(running.Length == 1 ? string.Empty : "s")} running elsewhere: {string.Join("; ", groups)}");
    }
}
