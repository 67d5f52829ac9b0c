using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Tells a scope's stuck work apart from its work that waits for a thread the pool cannot give. At the
/// deadline, a scope whose unfinished work only waits for a pool thread (a task queued and never started, an
/// async method whose awaited task completed and whose continuation never ran, a timer or delay well past its due
/// time whose callback never ran), and none of whose own work runs
/// on a thread, waits on while the pool makes no progress, up to <see cref="TaskLeakOptions.StarvationGrace"/>.
/// </summary>
/// <remarks>
/// Starvation the scope's own running work causes (its tasks block every pool thread) keeps the deadline: its
/// running tasks are leaks, and the timeout must hold then (the verdict's clock needs no pool thread for that).
/// </remarks>
internal static class PoolStarvation
{
    /// <summary>How often the pool's progress is read while the deadline waits for it.</summary>
    public static readonly TimeSpan Probe = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Waits on, past the deadline, while the pool makes no progress and the scope's work waits for it. Returns how
    /// long the pool made no progress, and whether it still made none when the wait ended (the grace ran out).
    /// </summary>
    /// <param name="scope">The scope whose verdict waits.</param>
    /// <param name="drained">Completes when the scope's last task ends.</param>
    /// <param name="beforeDeadline">The pool's counters one <see cref="Probe"/> before the deadline, when read: progress since then ends this at once.</param>
    /// <param name="cancellationToken">Cancels the verdict.</param>
    public static async Task<(TimeSpan Stalled, bool StillStalled)> WaitWhileStarvedAsync(ScopeTracker scope, Task drained, ThreadPoolProgress? beforeDeadline, CancellationToken cancellationToken)
    {
        if (beforeDeadline is { } earlier && !ThreadPoolProgress.Now().StalledSince(earlier))
        {
            return (TimeSpan.Zero, false);
        }

        return await WaitWhileStalledAsync(drained, () => WaitsOnlyForPoolThreads(scope), scope.Options.StarvationGrace, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits on for a host's stop that did not return by its deadline, while the pool makes no progress and none of
    /// the host's own work runs on a thread: the stop's continuations wait for a pool thread that other work (another
    /// test's) holds. A host whose own work blocks the pool keeps its deadline, and so does one whose work cannot be
    /// seen (untracked, or without the runtime's task table). Returns as <see cref="WaitWhileStarvedAsync"/>.
    /// </summary>
    /// <param name="stopping">The host's <c>StopAsync</c>.</param>
    /// <param name="hostScope">The scope that tracks the host's work, when it is tracked.</param>
    /// <param name="grace">How long at most to wait on (<see cref="TaskLeakOptions.StarvationGrace"/>).</param>
    public static Task<(TimeSpan Stalled, bool StillStalled)> WaitForStopWhileStarvedAsync(Task stopping, ScopeTracker? hostScope, TimeSpan grace) =>
        WaitWhileStalledAsync(stopping, () => hostScope is not null && RuntimeTaskInternals.TaskTableAvailable && !AnyRunsOnAThread(hostScope), grace, CancellationToken.None);

    private static async Task<(TimeSpan Stalled, bool StillStalled)> WaitWhileStalledAsync(Task awaited, Func<bool> waitsOnlyForPool, TimeSpan grace, CancellationToken cancellationToken)
    {
        var stalled = TimeSpan.Zero;
        // Nothing queued: the pool is not starved, and the deadline stands without a probe.
        while (stalled < grace && !awaited.IsCompleted && ThreadPool.PendingWorkItemCount > 0 && waitsOnlyForPool())
        {
            var before = ThreadPoolProgress.Now();
            long started = TimeProvider.System.GetTimestamp();
            var tick = new TaskCompletionSource();
            using (VerdictClock.Schedule(Probe, tick))
            using (cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), tick))
            {
                await Task.WhenAny(awaited, tick.Task).ConfigureAwait(false);
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (awaited.IsCompleted)
            {
                return (stalled, false);
            }

            if (!ThreadPoolProgress.Now().StalledSince(before))
            {
                // The pool moves again: the deadline stands, and what is still unfinished is judged.
                return (stalled, false);
            }

            stalled += TimeProvider.System.GetElapsedTime(started);
        }

        return (stalled, stalled > TimeSpan.Zero && !awaited.IsCompleted);
    }

    /// <summary>
    /// Whether some of the scope's unfinished work waits for a pool thread, and none of it runs on a thread (its
    /// own work blocking the pool is a leak, never a reason to wait). Unknown without the runtime's task table: no.
    /// </summary>
    private static bool WaitsOnlyForPoolThreads(ScopeTracker scope)
    {
        var unfinished = TrackedTaskRegistry.UnfinishedOf(scope);
        var objects = RuntimeTaskInternals.FindTasks(unfinished.Select(t => t.Id));
        if (objects.Values.Any(RunsOnAThread))
        {
            return false;
        }

        // A delay (or any timer) of the scope well past its due time: the pool never ran its callback.
        return objects.Values.Any(WaitsForPoolThread) || scope.Timers.AnyOverdue(OverdueSlack);
    }

    /// <summary>Whether some of the scope's unfinished work runs on a thread now. Unknown without the runtime's task table: no.</summary>
    private static bool AnyRunsOnAThread(ScopeTracker scope) =>
        RuntimeTaskInternals.FindTasks(TrackedTaskRegistry.UnfinishedOf(scope).Select(t => t.Id).ToArray()).Values.Any(RunsOnAThread);

    private static bool RunsOnAThread(Task task) => task.Status == TaskStatus.Running || IsExecutingAsyncMethod(task);

    private static readonly TimeSpan OverdueSlack = TimeSpan.FromMilliseconds(100);

    /// <summary>Queued to the thread pool and never started, or an async method ready to resume that never got a thread.</summary>
    public static bool WaitsForPoolThread(Task task)
    {
        if (task.Status == TaskStatus.WaitingToRun)
        {
            return RuntimeTaskInternals.SchedulerOf(task) is null || RuntimeTaskInternals.SchedulerOf(task) == TaskScheduler.Default;
        }

        return RuntimeTaskInternals.GetStateMachine(task) is { } stateMachine
            && RuntimeTaskInternals.GetState(stateMachine) >= 0
            && RuntimeTaskInternals.GetAwaitedObject(stateMachine) is Task { IsCompleted: true };
    }

    private static bool IsExecutingAsyncMethod(Task task) =>
        RuntimeTaskInternals.GetStateMachine(task) is { } stateMachine && RuntimeTaskInternals.GetState(stateMachine) == -1 && !task.IsCompleted;
}
