using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert;

/// <summary>
/// A tracking scope. From <see cref="Begin"/> on, every task created in this async flow (and in the
/// work it spawns: awaits, Task.Run, timers, thread-pool callbacks) belongs to the scope.
/// <see cref="StopAsync"/> waits for them to end and reports those that did not.
/// </summary>
/// <example>
/// <code>
/// var scope = TaskLeakScope.Begin();
/// await service.RunOnceAsync();
/// await scope.AssertNoLeaksAsync();
/// </code>
/// </example>
/// <remarks>
/// <para>Nested scopes: a task belongs to the innermost scope that is not finished; once an inner scope
/// has stopped, new tasks of its flow belong to the outer scope again.</para>
/// <para>The async method that calls <see cref="Begin"/> awaits the verdict, so it is never its own leak.
/// Call <see cref="Begin"/> in the method that later awaits <see cref="StopAsync"/>: an AsyncLocal set
/// inside an awaited helper method does not flow back to its caller.</para>
/// </remarks>
public sealed class TaskLeakScope : IAsyncDisposable
{
    private readonly ScopeTracker _tracker;
    private readonly object _gate = new();
    private Task<TaskLeakReport>? _stop;
    private bool _detached;
    private bool _disposedUnstopped;
    private int _closed;

    private TaskLeakScope(ScopeTracker tracker) => _tracker = tracker;

    /// <summary>The innermost scope of the current async flow that is still tracking, or <see langword="null"/>.</summary>
    public static TaskLeakScope? Current => ScopeTracker.OwnerOfNewTask()?.Owner;

    /// <summary>The scope's name, used in its report.</summary>
    public string Name => _tracker.Name;

    /// <summary>The scope's own copy of its options.</summary>
    public TaskLeakOptions Options => _tracker.Options;

    /// <summary>Begins a scope in the current async flow.</summary>
    /// <param name="name">The name shown in the report; by default the calling method (<c>OrderTests.Pump_stops</c>).</param>
    /// <param name="options">Timeout and report settings; the scope takes a copy. Defaults are documented on <see cref="TaskLeakOptions"/>.</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static TaskLeakScope Begin(string? name = null, TaskLeakOptions? options = null) =>
        BeginCore(name, options, new StackFrame(1, needFileInfo: false).GetMethod(), scheduler: null);

    /// <summary>
    /// Stops taking new tasks once the verdict is made, waits until every tracked task has ended or
    /// <see cref="TaskLeakOptions.Timeout"/> has passed, and returns the report. Work spawned by tracked
    /// tasks while it waits still belongs to the scope. Calling it again returns the same report.
    /// </summary>
    /// <param name="cancellationToken">Cancels the wait; the scope then ends without a verdict and the call throws <see cref="OperationCanceledException"/>.</param>
    /// <exception cref="ObjectDisposedException">The scope was disposed before it was stopped.</exception>
    public Task<TaskLeakReport> StopAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposedUnstopped && _stop is null, this);
            if (_stop is null)
            {
                _tracker.EndingTasks.Watch();
                // Read synchronously, while the caller's frames are still on the stack. A detached scope's
                // verdict is asked for from outside its flow: nothing on that stack is the scope's.
                if (!_detached)
                {
                    _tracker.VerdictCallers.Exclude();
                }
                else
                {
                    _tracker.ExcludeRunnerMachinery();
                }

                _tracker.ForgetCompletedTasks();

                _stop = StopCoreAsync(cancellationToken);
                if (!_tracker.IsFinished)
                {
                    _tracker.VerdictCallers.Verdict = _stop;
                }
            }

            return _stop;
        }
    }

    /// <summary>Stops the scope like <see cref="StopAsync"/> and throws <see cref="TaskLeakException"/> when the report is not clean.</summary>
    /// <param name="cancellationToken">Cancels the wait.</param>
    public async Task AssertNoLeaksAsync(CancellationToken cancellationToken = default)
    {
        ScopeTracker.SetCurrentFlow(null);
        var report = await StopAsync(cancellationToken).ConfigureAwait(false);
        if (!report.IsClean)
        {
            throw new TaskLeakException(report);
        }
    }

    /// <summary>
    /// The blocking form of <see cref="AssertNoLeaksAsync"/>, for synchronous test hooks. It blocks the
    /// calling thread for at most <see cref="TaskLeakOptions.Timeout"/>.
    /// </summary>
    public void AssertNoLeaks()
    {
        var report = StopAsync().GetAwaiter().GetResult();
        if (!report.IsClean)
        {
            throw new TaskLeakException(report);
        }
    }

    /// <summary>
    /// Ends the scope. A scope that was not stopped ends without a verdict: disposing never waits and
    /// never throws. Use <see cref="AssertNoLeaksAsync"/> or <see cref="StopAsync"/> to check.
    /// </summary>
    public ValueTask DisposeAsync()
    {
        bool stopped;
        lock (_gate)
        {
            stopped = _stop is not null;
            _disposedUnstopped = !stopped;
        }

        if (!stopped)
        {
            _tracker.Finish();
            Close();
        }

        return ValueTask.CompletedTask;
    }

    // flowsAreItsWorkOnly: the caller's flow ends with the scope's work (a host's start, inside an async method),
    // see ScopeTracker.FlowsAreItsWorkOnly.
    // isTestRun: the scope of one run of a test, named by its adapter (see ScopeTracker.IsTestRun).
    internal static TaskLeakScope BeginCore(string? name, TaskLeakOptions? options, MethodBase? caller, TrackingTaskScheduler? scheduler, string? bodyOperation = null, bool flowsAreItsWorkOnly = false, bool isTestRun = false)
    {
        var ownOptions = options?.Clone() ?? new TaskLeakOptions();
        var callerType = caller?.DeclaringType;
        string? openerStateMachine = caller?.Name == "MoveNext" && callerType is not null && typeof(IAsyncStateMachine).IsAssignableFrom(callerType)
            ? callerType.Name
            : null;
        name ??= caller is null ? "unnamed scope" : FriendlyName.ForMethod(caller).ToString();

        // The parent is the innermost scope still tracking: linking a finished one would chain every scope a
        // method opens after another, keeping them all alive.
        var tracker = new ScopeTracker(name, ownOptions, ScopeTracker.OwnerOfNewTask(), openerStateMachine, Environment.CurrentManagedThreadId, scheduler, bodyOperation) { FlowsAreItsWorkOnly = flowsAreItsWorkOnly, IsTestRun = isTestRun };
        var scope = new TaskLeakScope(tracker);
        tracker.Owner = scope;
        TrackingActivation.ScopeOpened();
        ScopeTracker.SetCurrentFlow(tracker);
        return scope;
    }

    /// <summary>
    /// Begins a scope that no flow has joined yet. An adapter that owns a test's whole lifetime runs the
    /// test inside it with <see cref="RunInScopeAsync{T}"/> and asks for the verdict from its own flow, which
    /// the scope never tracked: the verdict's callers and the runner around it can never be reported.
    /// </summary>
    internal static TaskLeakScope BeginDetached(string name, TaskLeakOptions options, bool isTestRun = false)
    {
        var tracker = new ScopeTracker(name, options.Clone(), ScopeTracker.OwnerOfNewTask(), openerStateMachine: null, Environment.CurrentManagedThreadId, scheduler: null) { FlowsAreItsWorkOnly = true, IsTestRun = isTestRun };
        var scope = new TaskLeakScope(tracker) { _detached = true };
        tracker.Owner = scope;
        TrackingActivation.ScopeOpened();
        return scope;
    }

    /// <summary>
    /// Begins the scope of a shared fixture (an xunit class or collection fixture, an NUnit fixture's
    /// one-time setup). Like <see cref="BeginDetached"/>, and it also owns what the fixture's code starts from
    /// inside a test's flow (code of <paramref name="fixtureTypes"/> on the creating stack), and everything the
    /// tasks it owns go on to start: see <see cref="FixtureOwnership"/>.
    /// </summary>
    internal static TaskLeakScope BeginFixture(string name, TaskLeakOptions options, IEnumerable<Type> fixtureTypes)
    {
        var tracker = new ScopeTracker(name, options.Clone(), ScopeTracker.OwnerOfNewTask(), openerStateMachine: null, Environment.CurrentManagedThreadId, scheduler: null, fixtureTypes: fixtureTypes) { FlowsAreItsWorkOnly = true };
        var scope = new TaskLeakScope(tracker) { _detached = true };
        tracker.Owner = scope;
        TrackingActivation.ScopeOpened();
        TrackingActivation.FixtureScopeOpened();
        return scope;
    }

    /// <summary>The shared fixtures a test uses: what their code starts from inside this test's scope is theirs, not the test's.</summary>
    internal void UseFixtures(IEnumerable<TaskLeakScope> fixtures) =>
        _tracker.Fixtures = [.. fixtures.Select(f => f._tracker).Where(f => f.IsFixture)];

    internal bool IsFixture => _tracker.IsFixture;

    /// <summary>The scope's tracking state, for checks in the other packages that judge its work (a host's stop).</summary>
    internal ScopeTracker Tracker => _tracker;

    /// <summary>How many tasks the scope has tracked so far.</summary>
    internal int TrackedCount => _tracker.TrackedCount;

    /// <summary>For a fixture whose own code is known only after its setup ran (NUnit's one-time setup fills fields).</summary>
    internal void SetFixtureTypes(IEnumerable<Type> fixtureTypes) => _tracker.FixtureCode.Set(fixtureTypes);

    /// <summary>
    /// For a framework hook that cannot wrap the code that follows it (NUnit's synchronous actions): this scope
    /// is the current flow's scope from here on, in the hook's caller's flow.
    /// </summary>
    internal void EnterFlow() => ScopeTracker.SetCurrentFlow(_tracker);

    /// <summary>The current flow belongs to no scope from here on (a test's flow must not inherit its fixture's scope).</summary>
    internal static void LeaveFlow() => ScopeTracker.SetCurrentFlow(null);

    /// <summary>
    /// Runs <paramref name="body"/> with this scope as the current flow's scope. The caller's flow is left as
    /// it was (the change ends with this async method), and neither the SynchronizationContext nor the
    /// TaskScheduler the body runs under is touched.
    /// </summary>
    /// <remarks>
    /// Its own await can end on a pool thread where the framework would not (see <see cref="VerdictResumption"/>):
    /// the adapters put the pipeline back after the verdict. Measured without this await under MSTest: more of the
    /// tests' first Task.Run ran on another thread than without the check (137 of 200 on the test's own, 195 without).
    /// </remarks>
    internal async Task<T> RunInScopeAsync<T>(Func<Task<T>> body)
    {
        ScopeTracker.SetCurrentFlow(_tracker);
        ScopeBase.Entered();
        try
        {
            return await body().ConfigureAwait(false);
        }
        finally
        {
            ScopeBase.Left();
        }
    }

    private async Task<TaskLeakReport> StopCoreAsync(CancellationToken cancellationToken)
    {
        // Nothing the verdict itself creates belongs to the scope. The change ends with this method.
        ScopeTracker.SetCurrentFlow(null);
        var clock = Options.TimeProvider;
        long started = clock.GetTimestamp();
        bool drained;
        try
        {
            drained = await _tracker.WaitUntilDrainedAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Canceled: the scope ends without a verdict.
            _tracker.Finish();
            Close();
            throw;
        }

        var waited = clock.GetElapsedTime(started);

        // An end event comes a moment before the runtime marks its task completed: the verdict returns after that.
        _tracker.EndingTasks.WaitUntilMarkedCompleted();

        // The verdict is decided here, at the deadline: what is unfinished now is judged, also when it ends while
        // the report is being written (a timed-out check is never clean because its leaks ended a moment later).
        var outcome = _tracker.Finish();
        var decided = new VerdictMoment(TimedOut: !drained, clock.GetTimestamp(), clock, _tracker.PoolStalled);
        try
        {
            WhileTheReportIsWritten?.Invoke();
            return LeakAnalyzer.Analyze(_tracker, outcome, waited, decided);
        }
        finally
        {
            // Only now: while the scope counts as open, the runtime keeps the task objects the report reads.
            Close();
        }
    }

    /// <summary>For tests: runs between the verdict's decision and the report, as work that ends just then would.</summary>
    internal Action? WhileTheReportIsWritten { get; set; }

    private void Close()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            if (_tracker.IsFixture)
            {
                TrackingActivation.FixtureScopeClosed();
            }

            TrackingActivation.ScopeClosed();
        }
    }
}
