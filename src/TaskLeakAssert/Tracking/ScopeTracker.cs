using System.Collections.Concurrent;
using System.Diagnostics;
using System.Runtime.CompilerServices;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// The tracking state of one scope: which of its tasks are still unfinished, which faulted, and the
/// signal that ends the wait the moment the last one ends.
/// </summary>
/// <remarks>
/// The rules that decide whose a task is live beside it, one concern each: <see cref="OpenerAndBody"/>,
/// <see cref="Tracking.VerdictCallers"/>, <see cref="TestRunnerMachinery"/>, <see cref="FixtureOwnership"/> with
/// <see cref="Tracking.FixtureCode"/>, <see cref="LeftoverWork"/>, and for the verdict <see cref="FrameworkWork"/>;
/// where tasks were created, <see cref="CreationSites"/>. The per-task path that applies them reads top to bottom in
/// <see cref="TaskEventListener"/>.
/// </remarks>
internal sealed class ScopeTracker
{
    private const int Active = 0;
    private const int Stopping = 1;
    private const int Finished = 2;

    private static readonly AsyncLocal<ScopeTracker?> s_current = new();

    private readonly ConcurrentQueue<FaultedTask> _faulted = new();
    private int _state;
    private int _unfinishedCount;
    private int _trackedCount;
    private TaskCompletionSource? _drained;
    private readonly bool _isFixture;
    private ScopeTracker[] _fixtures = [];

    public ScopeTracker(string name, TaskLeakOptions options, ScopeTracker? parent, string? openerStateMachine, int openerThreadId, TrackingTaskScheduler? scheduler, string? bodyOperation = null, IEnumerable<Type>? fixtureTypes = null)
    {
        _isFixture = fixtureTypes is not null;
        FixtureCode.Set(fixtureTypes ?? []);
        Name = name;
        Options = options;
        Parent = parent;
        Scheduler = scheduler;
        Timers = new ScopeTimers(this);
        Sites = new CreationSites(options);
        VerdictCallers = new VerdictCallers(this);
        Opener = new OpenerAndBody(openerStateMachine, openerThreadId, bodyOperation);
    }

    /// <summary>The tasks of the code that opened this scope, or of the body it runs (<see cref="OpenerAndBody"/>).</summary>
    public OpenerAndBody Opener { get; }

    /// <summary>The code that asks for this scope's verdict, and its tasks (<see cref="Tracking.VerdictCallers"/>).</summary>
    public VerdictCallers VerdictCallers { get; }

    /// <summary>Where this scope's tasks and timers were created (<see cref="CreationSites"/>).</summary>
    public CreationSites Sites { get; }

    /// <summary>Its tasks that end while its verdict is asked for, which the verdict lets the runtime mark completed (<see cref="Tracking.EndingTasks"/>).</summary>
    public EndingTasks EndingTasks { get; } = new();

    /// <summary>The timers this scope's code armed (<see cref="ScopeTimers"/>).</summary>
    public ScopeTimers Timers { get; }

    public string Name { get; }

    public TaskLeakOptions Options { get; }

    /// <summary>The scope that was current when this one began; it takes new tasks again once this one has finished.</summary>
    public ScopeTracker? Parent { get; }

    /// <summary>The scheduler that runs <see cref="TaskLeakDetector"/> bodies; it holds the objects of tasks queued to it.</summary>
    public TrackingTaskScheduler? Scheduler { get; }

    public TaskLeakScope? Owner { get; set; }

    public int TrackedCount => Volatile.Read(ref _trackedCount);

    /// <summary>How many of its tasks are registered as unfinished; none when zero (a record is added after the count goes up, removed before it goes down).</summary>
    public int UnfinishedCount => Volatile.Read(ref _unfinishedCount);

    /// <summary>A shared fixture's scope: it owns the tasks its fixture's code starts, also from inside a test.</summary>
    public bool IsFixture => _isFixture;

    /// <summary>For a fixture's scope: the code that is the fixture's own (<see cref="Tracking.FixtureCode"/>).</summary>
    public FixtureCode FixtureCode { get; } = new();

    /// <summary>
    /// For a test's scope: the scopes of the shared fixtures the test uses. A scope the test opens inside its own
    /// (a <c>TaskLeakScope.Begin</c> around one request) uses them too, unless it was given its own.
    /// </summary>
    public ScopeTracker[] Fixtures
    {
        get => Volatile.Read(ref _fixtures) is { Length: > 0 } own ? own : Parent is { IsFixture: false } parent && !_isFixture ? parent.Fixtures : [];
        set => Volatile.Write(ref _fixtures, value);
    }

    /// <summary>
    /// A test framework's own worker tasks are never leaks, and the verdict does not wait for them: one of them
    /// may be running this very call (xunit 2 runs a test's posted continuations, and so the runner after the
    /// test, in tasks of its own), and waiting for it would resume the runner on another thread than xunit's.
    /// </summary>
    public void ExcludeRunnerMachinery()
    {
        foreach (var machinery in TestRunnerMachinery.Among(TrackedTaskRegistry.UnfinishedOf(this)))
        {
            Untrack(machinery);
        }
    }

    /// <summary>
    /// A task counts as ended when the runtime shows it completed, even before its end event arrives: a
    /// verdict that runs inside a completion callback (an await resumed inline by a finished Task.Delay,
    /// then a synchronous verdict) holds that event back until it returns, and must not wait for it.
    /// </summary>
    public void ForgetCompletedTasks()
    {
        var unfinished = TrackedTaskRegistry.UnfinishedOf(this);
        if (unfinished.Length == 0)
        {
            return;
        }

        var objects = RuntimeTaskInternals.FindTasks(unfinished.Select(t => t.Id));
        foreach (var record in unfinished)
        {
            if (objects.TryGetValue(record.Id, out var task))
            {
                if (task.IsCompleted)
                {
                    // A fault still counts as a fault: judge it as its end event would have.
                    if (task.IsFaulted && !IsFinished)
                    {
                        _faulted.Enqueue(new FaultedTask(record, task));
                    }

                    Untrack(record);
                }
            }
            else if (RuntimeTaskInternals.LeftTheTable(record.OperationName))
            {
                Untrack(record);
            }
        }
    }

    /// <summary>Takes a task out of the wait and out of the verdict: it is no leak.</summary>
    public void Untrack(TrackedTask task)
    {
        if (TrackedTaskRegistry.Forget(task))
        {
            Interlocked.Decrement(ref _unfinishedCount);
        }
    }

    public bool IsFinished => Volatile.Read(ref _state) == Finished;

    /// <summary>Whether the verdict is waiting: what starts now started after the check began.</summary>
    public bool IsWaiting => Volatile.Read(ref _state) == Stopping;

    /// <summary>The scope that owns a task created in the current async flow right now: the innermost one not yet finished.</summary>
    public static ScopeTracker? OwnerOfNewTask() => OwnerOfNewTask(out _);

    /// <summary>
    /// Like <see cref="OwnerOfNewTask()"/>, but a flow of a finished scope that left its work running belongs to no
    /// scope (<see cref="LeftoverWork"/>): <paramref name="endedWith"/> is that finished scope.
    /// </summary>
    public static ScopeTracker? OwnerOfNewTask(out ScopeTracker? endedWith)
    {
        endedWith = null;
        var scope = s_current.Value;
        while (scope is not null && scope.IsFinished)
        {
            if (scope.Leftover.LeftRunning)
            {
                endedWith = scope;
                return null;
            }

            scope = scope.Parent;
        }

        return scope;
    }

    /// <summary>Set on a test's scope: its creation sites are kept across the test's runs (<see cref="RepeatedTestSites"/>).</summary>
    public bool IsTestRun
    {
        init => Sites.TestKey = value ? RepeatedTestSites.TestKeyOf(Name) : null;
    }

    /// <summary>
    /// Set on a scope whose flows are only its own work (a test the runner runs inside the scope, a host, a shared
    /// fixture), never the flow that opened it and goes on after the verdict.
    /// </summary>
    public bool FlowsAreItsWorkOnly { get; init; }

    /// <summary>Work this scope left running when it ended; and, for the scope around an ended one, what that one's work started later.</summary>
    public LeftoverWork Leftover { get; } = new();

    /// <summary>A task that work of this ended scope started: counted by the innermost scope around it that still tracks.</summary>
    public void CountLaterTaskOfItsWork()
    {
        var enclosing = Parent;
        while (enclosing is not null && enclosing.IsFinished)
        {
            enclosing = enclosing.Parent;
        }

        enclosing?.Leftover.CountLaterTask(Name);
    }

    public static ScopeTracker? CurrentInFlow => s_current.Value;

    /// <summary>
    /// Reads the scope of the flow an ExecutionContext carries (a timer's, captured when it was created): null when
    /// none. False when it cannot be read. Entering the context runs its AsyncLocals' change handlers, as entering it
    /// for its callback does; one that throws makes the answer unknown, never the verdict's failure.
    /// </summary>
    public static bool TryReadScopeOf(ExecutionContext context, out ScopeTracker? scope)
    {
        try
        {
            var box = new StrongBox<ScopeTracker?>();
            ExecutionContext.Run(context, static state => ((StrongBox<ScopeTracker?>)state!).Value = s_current.Value, box);
            scope = box.Value;
            return true;
        }
        catch (Exception)
        {
            scope = null;
            return false;
        }
    }

    /// <summary>Sets the scope of the current async flow. Inside an async method the change ends with the method.</summary>
    public static void SetCurrentFlow(ScopeTracker? scope) => s_current.Value = scope;

    public bool TryTrack(TrackedTask task)
    {
        if (IsFinished)
        {
            return false;
        }

        Interlocked.Increment(ref _unfinishedCount);
        Interlocked.Increment(ref _trackedCount);
        TrackedTaskRegistry.Add(task);

        // Lost a race with Finish: undo, so nothing stays registered for a finished scope.
        if (IsFinished)
        {
            TrackedTaskRegistry.Forget(task);
        }

        return true;
    }

    /// <summary>Called once per task, by whoever removed it from the registry: its completion event.</summary>
    public void OnTaskEnded(TrackedTask task, Task? faultedTask, bool faulted)
    {
        EndingTasks.Ended(task.Id, faultedTask);
        if (faulted && !IsFinished)
        {
            _faulted.Enqueue(new FaultedTask(task, faultedTask));
        }

        if (Interlocked.Decrement(ref _unfinishedCount) == 0 && Volatile.Read(ref _state) == Stopping)
        {
            Volatile.Read(ref _drained)?.TrySetResult();
        }
        else if (Volatile.Read(ref _state) == Stopping)
        {
            // The verdict waits: tell its watch that something ended (it may be all that was counted).
            Interlocked.Exchange(ref _nextEnd, null)?.TrySetResult();
        }
    }

    private TaskCompletionSource? _nextEnd;

    /// <summary>Completes when one of the scope's tasks ends while the verdict waits (<see cref="NotCountedWatch"/>).</summary>
    public Task NextEnd()
    {
        var next = Volatile.Read(ref _nextEnd);
        if (next is null)
        {
            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            next = Interlocked.CompareExchange(ref _nextEnd, created, null) ?? created;
        }

        return next.Task;
    }

    /// <summary>
    /// Waits until every tracked task has ended, or the timeout passes. Event driven: the completion of
    /// the last task ends the wait at once. Returns false on timeout. New tasks from tracked flows are
    /// still taken while it waits.
    /// </summary>
    public async Task<bool> WaitUntilDrainedAsync(CancellationToken cancellationToken)
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _drained, drained);
        Interlocked.CompareExchange(ref _state, Stopping, Active);
        if (Volatile.Read(ref _unfinishedCount) == 0)
        {
            drained.TrySetResult();
        }

        // Work the verdict would not count (framework work, ignored leaks) ends the wait as if it had ended.
        using var watchStop = new CancellationTokenSource();
        _ = drained.Task.IsCompleted ? Task.CompletedTask : NotCountedWatch.WatchAsync(this, drained, watchStop.Token);
        try
        {
            return await WaitForDrainOrDeadlineAsync(drained, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            watchStop.Cancel();
        }
    }

    private async Task<bool> WaitForDrainOrDeadlineAsync(TaskCompletionSource drained, CancellationToken cancellationToken)
    {
        // Most verdicts find nothing left: no alarm to set, no clock thread to wake.
        if (drained.Task.IsCompleted)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return true;
        }

        if (Options.TimeProvider != TimeProvider.System)
        {
            // A test's own clock decides when the timeout has passed.
            try
            {
                await drained.Task.WaitAsync(Options.Timeout, Options.TimeProvider, cancellationToken).ConfigureAwait(false);
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
        }

        // The real clock: woken by VerdictClock, not by a pool timer, so the timeout holds while leaked work
        // blocks every pool thread. No RunContinuationsAsynchronously: the verdict resumes on the clock's thread.
        var timedOut = new TaskCompletionSource();
        using var alarm = VerdictClock.Schedule(Options.Timeout, timedOut);

        // The pool's counters a moment before the deadline: at the deadline they tell at once whether the pool is
        // stalled, so a healthy pool costs the verdict no probe (PoolStarvation).
        var beforeDeadline = new PoolReading();
        using var reading = Options.Timeout > PoolStarvation.Probe && Options.StarvationGrace > TimeSpan.Zero
            ? VerdictClock.Schedule(Options.Timeout - PoolStarvation.Probe, beforeDeadline.Source)
            : null;
        using var canceled = cancellationToken.Register(static state => ((TaskCompletionSource)state!).TrySetResult(), timedOut);
        var first = await Task.WhenAny(drained.Task, timedOut.Task).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        if (first == drained.Task)
        {
            return true;
        }

        // Work that only waits for a thread the pool cannot give is not stuck: the deadline waits while the pool is stalled.
        long deadline = Stopwatch.GetTimestamp();
        var (stalled, stillStalled) = await PoolStarvation.WaitWhileStarvedAsync(this, drained.Task, beforeDeadline.Value, cancellationToken).ConfigureAwait(false);
        PoolWaited = stalled;

        // The pool moves again after a stall, and the work it held has yet to get a thread: queued behind what held the
        // pool, it did not run at that very moment, and judging then blamed a test for another test's starvation (once
        // in a stress run, PoolStarvationTests' delay victim). It gets the timeout again with the pool free, and waits
        // again while the pool stalls again, for no longer past the deadline than the grace in all.
        while (stalled > TimeSpan.Zero && !stillStalled && !drained.Task.IsCompleted && Stopwatch.GetElapsedTime(deadline) < Options.StarvationGrace)
        {
            bool drainedNow = await VerdictClock.CompletesWithinAsync(drained.Task, Options.Timeout, TimeProvider.System, cancellationToken).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
            if (drainedNow)
            {
                return true;
            }

            (stalled, stillStalled) = await PoolStarvation.WaitWhileStarvedAsync(this, drained.Task, beforeDeadline: null, cancellationToken).ConfigureAwait(false);
            PoolWaited += stalled;
        }

        PoolStalled = stillStalled ? PoolWaited : null;
        return drained.Task.IsCompleted;
    }

    /// <summary>When the verdict timed out with the thread pool still making no progress: for how long it made none.</summary>
    public TimeSpan? PoolStalled { get; private set; }

    /// <summary>How long the wait went on past the timeout while the thread pool made no progress.</summary>
    public TimeSpan PoolWaited { get; private set; }

    /// <summary>
    /// Ends tracking: from now on the scope takes no task. Returns what was still unfinished, what
    /// faulted and the timers its code armed, and lets go of every task object and record the scope held.
    /// </summary>
    public ScopeOutcome Finish()
    {
        // Before the state changes: a task its leftover work starts from now on is already this verdict's.
        if (FlowsAreItsWorkOnly && Volatile.Read(ref _unfinishedCount) > 0)
        {
            Leftover.MarkLeftRunning();
        }

        Volatile.Write(ref _state, Finished);
        // A task whose completion wins the race against Forget is still listed; the verdict drops tasks that
        // have ended by the time they are described.
        var unfinished = TrackedTaskRegistry.UnfinishedOf(this).Concat(VerdictCallers.SetAsideNonCallers()).OrderBy(t => t.Id).ToArray();
        foreach (var task in unfinished)
        {
            TrackedTaskRegistry.Forget(task);
        }

        VerdictCallers.Verdict = null;
        EndingTasks.LetGo();
        TaskEventListener.ForgetPairingsOf(this);

        var faulted = _faulted.ToArray();
        _faulted.Clear();
        Sites.Clear();
        _drained = null;
        var (timers, uncheckedTimers) = Timers.TakeAll();
        if (FlowsAreItsWorkOnly && (unfinished.Length > 0 || timers.Count > 0))
        {
            Leftover.MarkLeftRunning();
        }

        return new ScopeOutcome(unfinished, faulted, timers, uncheckedTimers);
    }
}
