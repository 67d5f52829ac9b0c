using System.Collections.Concurrent;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// The tracking state of one scope: which of its tasks are still unfinished, which faulted, and the
/// signal that ends the wait the moment the last one ends.
/// </summary>
internal sealed class ScopeTracker
{
    private const int Active = 0;
    private const int Stopping = 1;
    private const int Finished = 2;

    private static readonly AsyncLocal<ScopeTracker?> s_current = new();

    private readonly ConcurrentQueue<FaultedTask> _faulted = new();
    private readonly ConcurrentQueue<TrackedTask> _setAside = new();
    private readonly ConcurrentDictionary<string, SiteSlot> _sites = new(StringComparer.Ordinal);
    private readonly string? _openerStateMachine;
    private readonly int _openerThreadId;
    private readonly string? _bodyOperation;
    private int _openerSeen;
    private int _bodySeen;
    private int _state;
    private int _unfinishedCount;
    private int _trackedCount;
    private TaskCompletionSource? _drained;
    private readonly List<(string Name, (System.Reflection.MethodBase? Method, int Offset)[] Callers)> _verdictCallers = [];
    private int _verdictThreadId = -1;
    private readonly bool _isFixture;
    private HashSet<Type> _fixtureTypes = [];
    private HashSet<System.Reflection.Assembly> _fixtureLibraries = [];
    private ScopeTracker[] _fixtures = [];

    public ScopeTracker(string name, TaskLeakOptions options, ScopeTracker? parent, string? openerStateMachine, int openerThreadId, TrackingTaskScheduler? scheduler, string? bodyOperation = null, IEnumerable<Type>? fixtureTypes = null)
    {
        _isFixture = fixtureTypes is not null;
        FixtureTypes = fixtureTypes ?? [];
        _bodyOperation = bodyOperation;
        Name = name;
        Options = options;
        Parent = parent;
        _openerStateMachine = openerStateMachine;
        _openerThreadId = openerThreadId;
        Scheduler = scheduler;
        Timers = new ScopeTimers(this);
    }

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

    /// <summary>A shared fixture's scope: it owns the tasks its fixture's code starts, also from inside a test.</summary>
    public bool IsFixture => _isFixture;

    /// <summary>For a fixture's scope: the types whose code is the fixture's. A framework that learns them late (NUnit, after one-time setup) sets them again.</summary>
    /// <remarks>
    /// A fixture class from a library (a WebApplicationFactory) owns its whole library's code: such a base class
    /// starts its work through its library's helpers (WebApplicationFactory runs the app's entry point on a
    /// thread of its own), whose frames are all a creating stack has of it.
    /// </remarks>
    public IEnumerable<Type> FixtureTypes
    {
        set
        {
            var types = value.ToArray();
            Volatile.Write(ref _fixtureLibraries, [.. types.Where(t => !FrameFilter.IsUserType(t) && !FrameFilter.IsRuntimeOrSelf(t)).Select(t => t.Assembly)]);
            Volatile.Write(ref _fixtureTypes, [.. types.Select(Definition)]);
        }
    }

    /// <summary>
    /// For a test's scope: the scopes of the shared fixtures the test uses. A scope the test opens inside its own
    /// (a <c>TaskLeakScope.Begin</c> around one request) uses them too, unless it was given its own.
    /// </summary>
    public ScopeTracker[] Fixtures
    {
        get => Volatile.Read(ref _fixtures) is { Length: > 0 } own ? own : Parent is { IsFixture: false } parent && !_isFixture ? parent.Fixtures : [];
        set => Volatile.Write(ref _fixtures, value);
    }

    /// <summary>Whether code of this type is the fixture's own (its class, a base class, or compiler-made types nested in them).</summary>
    /// <summary>Whether any code is known to be the fixture's; without it, a creating stack need not be walked.</summary>
    public bool HasFixtureCode => Volatile.Read(ref _fixtureTypes).Count > 0 || Volatile.Read(ref _fixtureLibraries).Count > 0;

    public bool OwnsCodeOf(Type type) =>
        _isFixture && (Volatile.Read(ref _fixtureTypes).Contains(Definition(type)) || Volatile.Read(ref _fixtureLibraries).Contains(type.Assembly));

    // Stack frames of shared generic code name the open type (WebApplicationFactory`1), so compare definitions.
    private static Type Definition(Type type) => type.IsGenericType ? type.GetGenericTypeDefinition() : type;

    /// <summary>
    /// Takes the tasks executing on the stack of the code that asks for the verdict (a helper that
    /// awaits it, a test runner's work item calling an After hook) out of the wait: they are the
    /// verdict's callers, still running, never leaks. A caller whose task the runtime creates only when it
    /// suspends on the verdict a moment later is recognized then, on this thread.
    /// </summary>
    /// <remarks>
    /// A frame on the stack names a method, not a task: two calls of one method are two tasks, and only the
    /// one executing here is a caller. So a task is taken out by its state, read from its object: an async
    /// method executing its code right now (not suspended at an await, not completed), a delegate task running.
    /// A task suspended elsewhere under the same name stays in the wait. Only when the runtime does not give
    /// up task objects does the name alone decide.
    /// </remarks>
    public void ExcludeVerdictCallers()
    {
        lock (_verdictCallers)
        {
            _verdictThreadId = Environment.CurrentManagedThreadId;
            var stack = CallStackShape.CaptureHere();
            var frameNames = stack.TaskNames;
            var namesOnStack = frameNames.ToList();
            var unfinished = TrackedTaskRegistry.UnfinishedOf(this).OrderByDescending(t => t.Id).ToArray();
            var objects = RuntimeTaskInternals.FindTasks(unfinished.Select(t => t.Id));
            var named = new HashSet<string>(StringComparer.Ordinal);
            foreach (var task in unfinished)
            {
                if (!namesOnStack.Contains(task.OperationName))
                {
                    continue;
                }

                named.Add(task.OperationName);
                bool? executing = objects.TryGetValue(task.Id, out var taskObject) ? IsExecuting(taskObject) : null;
                if (executing != false && namesOnStack.Remove(task.OperationName))
                {
                    Untrack(task);
                }
            }

            // Frames whose task exists (completing on this stack, or suspended) will not create one, and only an
            // async method makes its task when it suspends: the rest may be callers suspending on the verdict.
            _verdictCallers.AddRange(
                namesOnStack.Where(n => n.StartsWith("Async: ", StringComparison.Ordinal) && (!named.Contains(n) || objects.Count == 0))
                    .Distinct()
                    .Select(n => (n, stack.Below(IndexOf(frameNames, n)))));

            ExcludeRunnerMachinery();

            // The task executing this very call is a caller too. (While an await continuation runs inline
            // the runtime hides it from Task.CurrentId; its delegate's frame above catches that case.)
            if (Task.CurrentId is int executingId && TrackedTaskRegistry.TryGet(executingId, out var running) && running?.Scope == this)
            {
                Untrack(running);
            }
        }
    }

    /// <summary>
    /// A test framework's own worker tasks are never leaks, and the verdict does not wait for them: one of them
    /// may be running this very call (xunit 2 runs a test's posted continuations, and so the runner after the
    /// test, in tasks of its own), and waiting for it would resume the runner on another thread than xunit's.
    /// </summary>
    public void ExcludeRunnerMachinery()
    {
        foreach (var machinery in TestRunnerMachinery.Among(TrackedTaskRegistry.UnfinishedOf(this).ToArray()))
        {
            Untrack(machinery);
        }
    }

    private static int IndexOf(IReadOnlyList<string> names, string name)
    {
        for (int i = 0; i < names.Count; i++)
        {
            if (names[i] == name)
            {
                return i;
            }
        }

        return -1;
    }

    // Executing code now: an async method between its awaits, or a delegate task on a thread. Null when unknown.
    private static bool? IsExecuting(Task task) =>
        RuntimeTaskInternals.GetStateMachine(task) is { } stateMachine
            ? RuntimeTaskInternals.GetState(stateMachine) is int state ? state == -1 && !task.IsCompleted : null
            : task.Status == TaskStatus.Running;

    /// <summary>
    /// A task counts as ended when the runtime shows it completed, even before its end event arrives: a
    /// verdict that runs inside a completion callback (an await resumed inline by a finished Task.Delay,
    /// then a synchronous verdict) holds that event back until it returns, and must not wait for it.
    /// </summary>
    public void ForgetCompletedTasks()
    {
        var unfinished = TrackedTaskRegistry.UnfinishedOf(this).ToArray();
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

    private void Untrack(TrackedTask task)
    {
        if (TrackedTaskRegistry.Forget(task))
        {
            Interlocked.Decrement(ref _unfinishedCount);
        }
    }

    /// <summary>The verdict's own task: what its callers await. Set once the verdict is under way.</summary>
    public Task? VerdictTask { get; set; }

    /// <summary>
    /// A task created on the verdict's thread under the name of a caller frame that had no task yet, but with
    /// other frames below it: probably that caller (the JIT can replace a running method, and its offsets), so
    /// it stays out of the wait. Whether it really awaits the verdict is checked on its object when the verdict
    /// is made (<see cref="Finish"/>): if it does not, it is judged like any other task.
    /// </summary>
    public void SetAsideVerdictCaller(TrackedTask task) => _setAside.Enqueue(task);

    // The set-aside tasks that are still pending and do not await the verdict: a method that happened to share
    // a caller's name. When the runtime gives up no task objects, the name decides, as it did when set aside.
    private IEnumerable<TrackedTask> NotVerdictCallers()
    {
        var setAside = new List<TrackedTask>();
        while (_setAside.TryDequeue(out var task))
        {
            setAside.Add(task);
        }

        if (setAside.Count == 0 || VerdictTask is not { } verdict)
        {
            return [];
        }

        var objects = RuntimeTaskInternals.FindTasks(setAside.Select(t => t.Id));
        return setAside.Where(t => objects.TryGetValue(t.Id, out var task) && !task.IsCompleted && RuntimeTaskInternals.Awaits(task, verdict) == false).ToArray();
    }

    /// <summary>
    /// Whether a task being created now is one of the verdict's callers suspending on it: null when its name is
    /// no pending caller's; true when the frames below it are the very frames that called the verdict (the same
    /// invocation); false when only the name matches (then it is set aside and judged at the verdict, unless it
    /// awaits the verdict: a method the JIT replaced on the stack mid-run can show other offsets).
    /// </summary>
    public bool? IsVerdictCaller(string operationName)
    {
        if (Volatile.Read(ref _verdictThreadId) != Environment.CurrentManagedThreadId)
        {
            return null;
        }

        lock (_verdictCallers)
        {
            int index = _verdictCallers.FindIndex(c => c.Name == operationName);
            if (index < 0)
            {
                return null;
            }

            var pending = _verdictCallers[index];
            _verdictCallers.RemoveAt(index);
            var below = CallStackShape.CaptureHere().BelowFrameOf(operationName);
            return below is not null && CallStackShape.SameCallers(below, pending.Callers);
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

    /// <summary>Sets the scope of the current async flow. Inside an async method the change ends with the method.</summary>
    public static void SetCurrentFlow(ScopeTracker? scope) => s_current.Value = scope;

    /// <summary>
    /// The async method that opened the scope awaits the verdict, so it is never finished at verdict
    /// time: it is not its own leak. Its task is created at its first real await, on the thread that
    /// called Begin; this recognizes that one task by its state machine name.
    /// </summary>
    public bool IsOpenerTask(string operationName) =>
        _openerStateMachine is not null
        && Environment.CurrentManagedThreadId == _openerThreadId
        && operationName.Length == _openerStateMachine.Length + 7
        && operationName.StartsWith("Async: ", StringComparison.Ordinal)
        && operationName.EndsWith(_openerStateMachine, StringComparison.Ordinal)
        && Interlocked.Exchange(ref _openerSeen, 1) == 0;

    /// <summary>
    /// The task that runs a <see cref="TaskLeakDetector"/> body is awaited by the detector: it is not a
    /// leak, and the tasks the body creates were not "started by Task.Run" in the user's sense.
    /// </summary>
    public bool IsBodyTask(string operationName) =>
        _bodyOperation is not null
        && operationName == _bodyOperation
        && Environment.CurrentManagedThreadId == _openerThreadId
        && Interlocked.Exchange(ref _bodySeen, 1) == 0;

    /// <summary>How many tasks of one name a scope captures its own creation site for; later ones share the last.</summary>
    public const int ExactSitesPerName = 16;

    /// <summary>
    /// How many tasks of one name created at the same place in a row end the capture for that name: later ones share
    /// the last site. A request's tasks, a loop's workers are created at one place again and again, and a stack walk
    /// is what a task costs most in a scope (figure 7 of docs/performance.md).
    /// </summary>
    public const int SamePlaceInARow = 3;

    /// <summary>
    /// The creation site for a task: its own for the tasks of a name in the scope until <see cref="SamePlaceInARow"/>
    /// in a row were created at the same place, or <see cref="ExactSitesPerName"/> were captured; then the last one
    /// captured, marked as shared, so a loop that starts thousands stays cheap. Generic names (Task.Delay, WhenAll,
    /// WhenAny, Unwrap) are created from anywhere, so they are keyed by the method that created them too: a
    /// framework's timeout delay must not borrow the site of the user's delay.
    /// </summary>
    public CreationSite? SiteFor(string operationName)
    {
        if (!Options.CaptureStackTraces)
        {
            return null;
        }

        // A generic name's key needs the creator on the stack: that one walk also makes its site.
        bool keyedByCreator = OperationName.IsGeneric(operationName) || operationName == TimerOperation;
        var walked = keyedByCreator ? CreationSite.Walk() : null;
        string key = walked is not null && CreationSite.FindCreator(walked) is { } creator
            ? $"{operationName}@{creator.Module.ModuleVersionId}:{creator.MetadataToken}"
            : operationName;
        var slot = _sites.GetOrAdd(key, static _ => new SiteSlot());
        if (slot.Shared is { } shared)
        {
            return shared;
        }

        var site = CreationSite.Of(walked ?? CreationSite.Walk(), armsTimer: operationName == TimerOperation);
        lock (slot)
        {
            slot.InARow = slot.Last is { } previous && site.SamePlaceAs(previous) ? slot.InARow + 1 : 1;
            slot.Last = site;
            if (++slot.Captured >= ExactSitesPerName || slot.InARow >= SamePlaceInARow)
            {
                slot.Shared = site.Shared();
            }
        }

        return site;
    }

    /// <summary>
    /// The site where a timer is armed: like a generic task name, keyed by the method that armed it, so the
    /// timeouts of a loop stay cheap and a user's timer never borrows the site of a framework's timeout.
    /// </summary>
    public CreationSite? SiteForTimer() => SiteFor(TimerOperation);

    /// <summary>The key under which timers' sites are kept; never a task's operation name.</summary>
    public const string TimerOperation = "Timer";

    /// <summary>
    /// Remembers an async method's task that got its own creation site: the only tasks whose sites can carry a
    /// caller chain on (<see cref="LogicalCallers"/>), at most <see cref="ExactSitesPerName"/> per name, let go at Finish.
    /// </summary>
    public void RememberSiteOwner(TrackedTask task)
    {
        if (task.Site is { IsShared: false } && _sites.TryGetValue(task.OperationName, out var slot))
        {
            lock (slot)
            {
                slot.Owners.Add(task);
            }
        }
    }

    /// <summary>The tasks of this name that got their own creation site (see <see cref="RememberSiteOwner"/>).</summary>
    public TrackedTask[] SiteOwners(string operationName)
    {
        if (!_sites.TryGetValue(operationName, out var slot))
        {
            return [];
        }

        lock (slot)
        {
            return [.. slot.Owners];
        }
    }

    private sealed class SiteSlot
    {
        public int Captured;
        public int InARow;
        public CreationSite? Last;
        public volatile CreationSite? Shared;
        public List<TrackedTask> Owners { get; } = [];
    }

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
        var (stalled, stillStalled) = await PoolStarvation.WaitWhileStarvedAsync(this, drained.Task, beforeDeadline.Value, cancellationToken).ConfigureAwait(false);
        PoolStalled = stillStalled ? stalled : null;
        PoolWaited = stalled;
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
        var unfinished = TrackedTaskRegistry.UnfinishedOf(this).Concat(NotVerdictCallers()).OrderBy(t => t.Id).ToArray();
        foreach (var task in unfinished)
        {
            TrackedTaskRegistry.Forget(task);
        }

        VerdictTask = null;

        var faulted = _faulted.ToArray();
        _faulted.Clear();
        _sites.Clear();
        _drained = null;
        var (timers, uncheckedTimers) = Timers.TakeAll();
        if (FlowsAreItsWorkOnly && (unfinished.Length > 0 || timers.Count > 0))
        {
            Leftover.MarkLeftRunning();
        }

        return new ScopeOutcome(unfinished, faulted, timers, uncheckedTimers);
    }
}
