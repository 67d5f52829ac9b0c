using System.Diagnostics.Tracing;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Receives the runtime's own task events (<c>System.Threading.Tasks.TplEventSource</c>, async-causality
/// keyword). A creation event is delivered synchronously on the creating thread, where the scope's
/// AsyncLocal can be read; a completion event arrives on the completing thread and is matched by id.
/// </summary>
/// <para>
/// It also receives the runtime's timer events (<c>System.Diagnostics.Eventing.FrameworkEventSource</c>,
/// thread-transfer keyword): a timer armed in a scope's flow is the scope's (<see cref="ScopeTimers"/>), and its
/// fire events count its runs.
/// </para>
/// <remarks>
/// This runs inside other people's code on every task creation while a scope is open: it never throws,
/// never creates a task itself (a re-entrant event is ignored), and returns at once for tasks outside a scope.
/// </remarks>
internal sealed class TaskEventListener : EventListener
{
    private const string TplEventSourceName = "System.Threading.Tasks.TplEventSource";
    private const EventKeywords AsyncCausalityOperation = (EventKeywords)0x8;
    private const EventKeywords AsyncCausalitySynchronousWork = (EventKeywords)0x20;
    private const string DelegateTaskPrefix = "Task: ";
    private const string AsyncMethodPrefix = "Async: ";
    private const string DelayOperation = "Task.Delay";
    private const int StatusError = 3;
    private const string FrameworkEventSourceName = "System.Diagnostics.Eventing.FrameworkEventSource";
    private const EventKeywords ThreadTransfer = (EventKeywords)0x10;
    private const int TimerTransferKind = 1;
    private const int TimerArmedEventId = 150;
    private const int TimerFiredEventId = 151;

    // Static, not instance: EventListener's constructor calls OnEventSourceCreated before our own
    // constructor and field initializers have run.
    private static EventSource? s_tplSource;
    private static EventSource? s_frameworkSource;
    private static volatile bool s_listening;
    private static volatile bool s_runningWork;

    // One thread-local object for all the per-thread state: one thread-static lookup per event, not one per field.
    [ThreadStatic] private static CallbackThread? t_thread;

    // Every thread's state, weakly (a thread that ends takes its own along), for the sweep at a scope's end.
    private static readonly List<WeakReference<CallbackThread>> s_threads = [];

    // The kind of each task event, by event id: read from its name the first time an id is seen, so the hot path
    // compares no strings and does not depend on the runtime's id numbering.
    private static readonly TaskEventKind[] s_kinds = new TaskEventKind[64];

    private TaskEventListener()
    {
    }

    public static TaskEventListener Instance { get; } = new();

    private static EventKeywords Keywords => s_runningWork ? AsyncCausalityOperation | AsyncCausalitySynchronousWork : AsyncCausalityOperation;

    public void StartListening()
    {
        s_listening = true;
        if (s_tplSource is { } source)
        {
            EnableEvents(source, EventLevel.Informational, Keywords);
        }

        if (s_frameworkSource is { } framework)
        {
            EnableEvents(framework, EventLevel.Informational, ThreadTransfer);
        }
    }

    /// <summary>
    /// Switches the synchronous-work events on or off: the start and end of each piece of a task's code, which
    /// tell <see cref="RunningTasks"/> whose code runs where. Only fixture scopes need them.
    /// </summary>
    public void ReportRunningWork(bool on)
    {
        if (on)
        {
            RunningTasks.EventsSwitchedOn();
        }

        s_runningWork = on;
        if (s_listening && s_tplSource is { } source)
        {
            EnableEvents(source, EventLevel.Informational, Keywords);
        }
    }

    public void StopListening()
    {
        s_listening = false;
        if (s_tplSource is { } source)
        {
            DisableEvents(source);
        }

        if (s_frameworkSource is { } framework)
        {
            DisableEvents(framework);
        }
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == FrameworkEventSourceName)
        {
            s_frameworkSource = eventSource;
            if (s_listening)
            {
                EnableEvents(eventSource, EventLevel.Informational, ThreadTransfer);
            }

            return;
        }

        if (eventSource.Name != TplEventSourceName)
        {
            return;
        }

        s_tplSource = eventSource;
        if (s_listening)
        {
            EnableEvents(eventSource, EventLevel.Informational, Keywords);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        var thread = t_thread ??= CallbackThread.ForThisThread();
        if (thread.InCallback || !s_listening)
        {
            return;
        }

        thread.InCallback = true;
        try
        {
            var payload = eventData.Payload;
            if (eventData.EventSource == s_frameworkSource)
            {
                OnTimerEvent(thread, eventData.EventId, payload);
                return;
            }

            var kind = KindOf(eventData);
            if (kind == TaskEventKind.WorkEnded)
            {
                RunningTasks.WorkEnded();
                return;
            }

            if (payload is null || payload.Count < 2 || payload[0] is not int taskId)
            {
                return;
            }

            switch (kind)
            {
                case TaskEventKind.WorkBegan when payload[1] is int work:
                    RunningTasks.WorkBegan(taskId, work);
                    break;
                case TaskEventKind.Created when payload[1] is string operationName:
                    OnTaskCreated(thread, taskId, operationName);
                    break;
                case TaskEventKind.Ended when payload[1] is int status:
                    OnTaskEnded(taskId, status);
                    break;
            }
        }
        catch (Exception)
        {
            // Nothing thrown here may reach the code under test. A task we fail to record is one the
            // report cannot mention; that is better than breaking the caller.
        }
        finally
        {
            thread.InCallback = false;
        }
    }

    private static TaskEventKind KindOf(EventWrittenEventArgs eventData)
    {
        int id = eventData.EventId;
        if ((uint)id < (uint)s_kinds.Length && s_kinds[id] is var known and not TaskEventKind.Unknown)
        {
            return known;
        }

        var kind = eventData.EventName switch
        {
            "TraceOperationBegin" => TaskEventKind.Created,
            "TraceOperationEnd" => TaskEventKind.Ended,
            "TraceSynchronousWorkBegin" => TaskEventKind.WorkBegan,
            "TraceSynchronousWorkEnd" => TaskEventKind.WorkEnded,
            _ => TaskEventKind.Other,
        };
        if ((uint)id < (uint)s_kinds.Length)
        {
            s_kinds[id] = kind;
        }

        return kind;
    }

    private static void OnTaskCreated(CallbackThread thread, int taskId, string operationName)
    {
        var lastDelegateTask = thread.LastDelegateTask;
        thread.LastDelegateTask = null;
        thread.LastDelay = null;

        var flowScope = ScopeTracker.OwnerOfNewTask(out var endedWith);
        if (endedWith is not null)
        {
            endedWith.CountLaterTaskOfItsWork();
            return;
        }

        if (flowScope is not null && flowScope.Opener.Owns(operationName))
        {
            return;
        }

        if (flowScope?.VerdictCallers.IsCaller(operationName) is { } sameInvocation)
        {
            // The very invocation that asked for the verdict is its caller; a name-only match is judged later.
            if (!sameInvocation)
            {
                flowScope.VerdictCallers.SetAside(new TrackedTask(taskId, operationName, flowScope, parent: null, unwrapSource: null, flowScope.Sites.For(operationName)));
            }

            return;
        }

        var scope = FixtureOwnership.OwnerOf(flowScope);
        if (scope is null)
        {
            return;
        }

        NoteSchedulerOfRunningDelegate();
        TrackedTask? parent = FindStartingDelegate(operationName);
        TrackedTask? unwrapSource = operationName == "Task.Unwrap" ? lastDelegateTask : null;

        // An Unwrap proxy is created by the same call as the delegate task announced just before it: share
        // that site instead of walking the stack again (every Task.Run of async code makes one).
        var site = unwrapSource is not null ? unwrapSource.Site : scope.Sites.For(operationName);

        // Created after an await: the resumed method's own task knows the callers this stack lost.
        var resumedMethod = unwrapSource is not null ? unwrapSource.ResumedMethod
            : site is { IsShared: false } && site.ResumedStateMachine() is { } resumed ? LogicalCallers.RunningMethod(scope, resumed)
            : null;
        var task = new TrackedTask(taskId, operationName, scope, parent, unwrapSource, site, adopted: scope != flowScope, StartContext.Current?.Description ?? unwrapSource?.StartedDuring ?? parent?.StartedDuring, resumedMethod);
        if (!scope.TryTrack(task))
        {
            return;
        }

        if (operationName.StartsWith(DelegateTaskPrefix, StringComparison.Ordinal))
        {
            thread.LastDelegateTask = task;
        }
        else if (operationName == DelayOperation)
        {
            thread.LastDelay = task;
        }
        else if (unwrapSource is null && operationName.StartsWith(AsyncMethodPrefix, StringComparison.Ordinal))
        {
            scope.Sites.RememberOwner(task);
        }
    }

    /// <summary>
    /// A tracked delegate task that creates work while it runs on a scheduler other than the thread pool's was
    /// started by <c>Task.Factory.StartNew</c> on that scheduler, never by <c>Task.Run</c>: the report says so.
    /// Costs nothing on the thread pool (the common case), where <see cref="TaskScheduler.Current"/> is the default.
    /// </summary>
    private static void NoteSchedulerOfRunningDelegate()
    {
        var current = TaskScheduler.Current;
        if (current == TaskScheduler.Default
            || current is TrackingTaskScheduler
            || Task.CurrentId is not int runningTaskId
            || !TrackedTaskRegistry.TryGet(runningTaskId, out var running)
            || running is not { RanOnScheduler: null }
            || !running.OperationName.StartsWith(DelegateTaskPrefix, StringComparison.Ordinal))
        {
            return;
        }

        running.RanOnScheduler = FriendlyName.OwnerName(current.GetType()) ?? current.GetType().Name;
    }

    /// <summary>
    /// For <c>Task.Run(PumpAsync)</c> or <c>Task.Run(async () => …)</c>: the delegate task that is running
    /// right now and whose delegate is this very async method. The report then says where Task.Run was
    /// called. Any other task running on the thread (a continuation, an unrelated delegate) is not a parent.
    /// </summary>
    private static TrackedTask? FindStartingDelegate(string operationName)
    {
        if (!operationName.StartsWith(AsyncMethodPrefix, StringComparison.Ordinal)
            || Task.CurrentId is not int runningTaskId
            || !TrackedTaskRegistry.TryGet(runningTaskId, out var running)
            || running is null
            || !running.OperationName.StartsWith(DelegateTaskPrefix, StringComparison.Ordinal))
        {
            return null;
        }

        var delegateName = running.OperationName.AsSpan(DelegateTaskPrefix.Length);
        var asyncMethodName = FriendlyName.StateMachineMember(operationName.AsSpan(AsyncMethodPrefix.Length));
        return delegateName.SequenceEqual(asyncMethodName) ? running : null;
    }

    // Arm: id, kind, info, multiDequeues, due time, period. Fire: id, kind, info. Kind 1 is a timer.
    private static void OnTimerEvent(CallbackThread thread, int eventId, IReadOnlyList<object?>? payload)
    {
        var lastDelay = thread.LastDelay;
        thread.LastDelay = null;
        if (payload is not { Count: >= 2 } || payload[0] is not long id || payload[1] is not TimerTransferKind)
        {
            return;
        }

        if (eventId == TimerFiredEventId)
        {
            ScopeTimers.OnFired(id);
        }
        else if (eventId == TimerArmedEventId && payload.Count >= 6 && payload[4] is int dueTime && payload[5] is int period
            && FixtureOwnership.OwnerOf(ScopeTracker.OwnerOfNewTask()) is { } scope)
        {
            // The timer a Task.Delay arms right after announcing its task (the very next event on this thread, one-shot)
            // was created by the same call: it shares the delay's site instead of walking the stack again. An infinite
            // delay arms none; a one-shot timer armed next without any task event between would borrow that site.
            var delaySite = lastDelay is { Site: { } site } && lastDelay.Scope == scope && period == Timeout.Infinite && dueTime != Timeout.Infinite
                ? site
                : null;
            scope.Timers.OnArmed(id, unchecked((uint)dueTime), unchecked((uint)period), delaySite);
        }
    }

    private static void OnTaskEnded(int taskId, int status)
    {
        if (!TrackedTaskRegistry.TryRemove(taskId, out var task) || task is null)
        {
            return;
        }

        // The runtime still lists a faulted task in its table while announcing its end: the only
        // moment its object can be had for the observed-or-not check at verdict time.
        bool faulted = status == StatusError;
        task.Scope.OnTaskEnded(task, faulted ? RuntimeTaskInternals.FindTask(taskId) : null, faulted);
    }

    /// <summary>
    /// Lets go of the records of <paramref name="finished"/> that threads keep for pairing their next event (a
    /// delegate task with its Unwrap proxy, a delay with its timer). A thread that creates no more tasks while a
    /// scope is open would otherwise keep the last one for good, and with it the scope, its report and the code its
    /// creation site names (code of an unloadable AssemblyLoadContext could not unload).
    /// </summary>
    public static void ForgetPairingsOf(ScopeTracker finished)
    {
        lock (s_threads)
        {
            s_threads.RemoveAll(reference => !reference.TryGetTarget(out _));
            foreach (var reference in s_threads)
            {
                if (reference.TryGetTarget(out var thread))
                {
                    thread.Forget(finished);
                }
            }
        }
    }

    private enum TaskEventKind : byte
    {
        Unknown,
        Created,
        Ended,
        WorkBegan,
        WorkEnded,
        Other,
    }

    /// <summary>What the callback keeps per thread.</summary>
    private sealed class CallbackThread
    {
        private CallbackThread()
        {
        }

        /// <summary>Set while the callback runs: an event our own work raises on this thread is ignored.</summary>
        public bool InCallback;

        /// <summary>Task.Run(async delegate) announces the delegate task, then its Unwrap proxy, on the same thread.</summary>
        public TrackedTask? LastDelegateTask;

        /// <summary>Task.Delay announces its task, then arms its one-shot timer, in one call on the same thread.</summary>
        public TrackedTask? LastDelay;

        /// <summary>Once per thread: the state of the thread that raises its first event while a scope is open.</summary>
        public static CallbackThread ForThisThread()
        {
            var thread = new CallbackThread();
            lock (s_threads)
            {
                s_threads.Add(new WeakReference<CallbackThread>(thread));
            }

            return thread;
        }

        /// <summary>
        /// From another thread: clears a record of <paramref name="finished"/> only if it is still the one kept, so a
        /// pairing this thread has begun for an open scope meanwhile is never lost.
        /// </summary>
        public void Forget(ScopeTracker finished)
        {
            if (Volatile.Read(ref LastDelegateTask) is { } task && task.Scope == finished)
            {
                Interlocked.CompareExchange(ref LastDelegateTask, null, task);
            }

            if (Volatile.Read(ref LastDelay) is { } delay && delay.Scope == finished)
            {
                Interlocked.CompareExchange(ref LastDelay, null, delay);
            }
        }
    }
}
