using System.Collections.Concurrent;
using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Runtime;

/// <summary>
/// Reaches into the runtime's task internals (this folder holds every use of runtime internals: this class,
/// <see cref="RuntimeTimerInternals"/> and <see cref="RuntimeStackInternals"/>). Everything here is feature-detected on first
/// use and answers "unknown" (null, false, empty) instead of throwing when the runtime differs, so
/// the report gets shorter on another runtime but never breaks.
/// </summary>
/// <remarks>
/// What it uses, all in System.Private.CoreLib (checked against .NET 10):
/// <list type="bullet">
/// <item><c>Task.s_asyncDebuggingEnabled</c> and <c>Task.s_currentActiveTasks</c>: the id→Task table the runtime
/// keeps for debuggers. With it switched on, the task objects behind unfinished task ids can be found at verdict time.</item>
/// <item><c>AsyncStateMachineBox.StateMachine</c>, the state machine's <c>&lt;&gt;1__state</c> and <c>&lt;&gt;u__N</c> awaiter
/// fields: where a suspended async method waits.</item>
/// <item><c>Task.m_contingentProperties.m_exceptionsHolder.m_isHandled</c>: whether someone observed a fault.</item>
/// <item><c>Task.m_stateObject</c> of an async method's box and <c>m_contingentProperties.m_capturedContext</c> of a
/// delegate task: the ExecutionContext a task captured (the table-only prototype of docs/performance.md only).</item>
/// </list>
/// </remarks>
internal static class RuntimeTaskInternals
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    private static readonly object s_tableGate = new();
    private static int s_tableUsers;
    private static bool s_weEnabledTable;

    private static readonly FieldInfo? s_contingentPropertiesField = typeof(Task).GetField("m_contingentProperties", InstanceFields);
    private static readonly FieldInfo? s_exceptionsHolderField = s_contingentPropertiesField?.FieldType.GetField("m_exceptionsHolder", InstanceFields);
    private static readonly FieldInfo? s_isHandledField = s_exceptionsHolderField?.FieldType.GetField("m_isHandled", InstanceFields);
    private static readonly FieldInfo? s_actionField = typeof(Task).GetField("m_action", InstanceFields);
    private static readonly FieldInfo? s_stateObjectField = typeof(Task).GetField("m_stateObject", InstanceFields);

    private static readonly ConcurrentDictionary<Type, FieldInfo?> s_stateMachineFields = new();
    private static readonly ConcurrentDictionary<Type, FieldInfo?> s_stateFields = new();
    private static readonly ConcurrentDictionary<Type, FieldInfo[]> s_awaiterFields = new();

    // A type of unloadable code (or generic code over one) is read each time, never kept: a cache would hold its
    // assembly load context alive after the code under test unloaded it.
    private static T Cached<T>(ConcurrentDictionary<Type, T> cache, Type type, Func<Type, T> read) =>
        type.IsCollectible ? read(type) : cache.GetOrAdd(type, read);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_asyncDebuggingEnabled")]
    private static extern ref bool AsyncDebuggingEnabled(Task? ignored);

    [UnsafeAccessor(UnsafeAccessorKind.StaticField, Name = "s_currentActiveTasks")]
    private static extern ref Dictionary<int, Task>? CurrentActiveTasks(Task? ignored);

    private static bool s_tableWorks = true;

    /// <summary>Whether the runtime's debugger task table could be switched on.</summary>
    public static bool TaskTableAvailable
    {
        get => s_tableWorks && !SimulateMissingInternals;
        private set => s_tableWorks = value;
    }

    /// <summary>
    /// Every task the table holds now: the unfinished tasks created while it was on, in the whole process. For the
    /// prototype of a tracking mode without task events (figure 10 of docs/performance.md); empty when unknown.
    /// </summary>
    public static Task[] TableSnapshot()
    {
        if (!TaskTableAvailable)
        {
            return [];
        }

        try
        {
            var table = CurrentActiveTasks(null);
            if (table is null)
            {
                return [];
            }

            lock (table)
            {
                return [.. table.Values];
            }
        }
        catch (Exception e) when (e is MissingFieldException or MissingMemberException or FieldAccessException)
        {
            TaskTableAvailable = false;
            return [];
        }
    }

    /// <summary>
    /// The ExecutionContext a task captured when it was created (an async method's box, a delegate task), which
    /// carries the AsyncLocal values of the flow that created it. Null when it captured none (a promise such as
    /// Task.Delay, a flow that suppressed it) or when unknown.
    /// </summary>
    public static ExecutionContext? CapturedContext(Task task)
    {
        if (SimulateMissingInternals)
        {
            return null;
        }

        try
        {
            // An async method's box keeps its context in the task's state object (.NET 10); a delegate task's state
            // object is its caller's, so it is read only for a box.
            if (GetStateMachine(task) is not null)
            {
                return s_stateObjectField?.GetValue(task) as ExecutionContext;
            }

            object? properties = s_contingentPropertiesField?.GetValue(task);
            return properties?.GetType().GetField("m_capturedContext", InstanceFields)?.GetValue(properties) as ExecutionContext;
        }
        catch (Exception e) when (e is ArgumentException or FieldAccessException)
        {
            return null;
        }
    }

    /// <summary>For tests: behave as on a runtime without these internals, to prove the report degrades instead of breaking.</summary>
    internal static bool SimulateMissingInternals { get; set; }

    /// <summary>
    /// For the cost split of docs/performance.md only: scopes leave the table off, so a benchmark can time what it
    /// costs. Verdicts are then wrong for unfinished work; never set outside a measurement.
    /// </summary>
    internal static bool SkipTaskTableForMeasurement { get; set; }

    /// <summary>Whether faults can be checked for observation on this runtime.</summary>
    public static bool FaultObservationAvailable => s_isHandledField is not null && !SimulateMissingInternals;

    /// <summary>Switches the runtime's id→Task table on for as long as at least one scope is open.</summary>
    public static void AcquireTaskTable()
    {
        lock (s_tableGate)
        {
            if (s_tableUsers++ > 0)
            {
                return;
            }

            try
            {
                // A debugger owns the table when it switched it on itself; then we only read it.
                ref bool enabled = ref AsyncDebuggingEnabled(null);
                s_weEnabledTable = !enabled && !Debugger.IsAttached && !SkipTaskTableForMeasurement;
                if (s_weEnabledTable)
                {
                    enabled = true;
                }
            }
            catch (Exception e) when (e is MissingFieldException or MissingMemberException or FieldAccessException)
            {
                TaskTableAvailable = false;
            }
        }
    }

    /// <summary>
    /// Releases the table. When the last scope closes, the table is switched off and emptied, so no
    /// task object of the code under test stays reachable because of us.
    /// </summary>
    public static void ReleaseTaskTable()
    {
        lock (s_tableGate)
        {
            if (--s_tableUsers > 0 || !s_weEnabledTable || !s_tableWorks)
            {
                return;
            }

            s_weEnabledTable = false;
            try
            {
                AsyncDebuggingEnabled(null) = false;
                var table = CurrentActiveTasks(null);
                if (table is not null)
                {
                    lock (table)
                    {
                        table.Clear();
                    }
                }
            }
            catch (Exception e) when (e is MissingFieldException or MissingMemberException or FieldAccessException)
            {
                TaskTableAvailable = false;
            }
        }
    }

    /// <summary>Looks up the task objects behind unfinished task ids. Ids it cannot find are left out.</summary>
    public static Dictionary<int, Task> FindTasks(IEnumerable<int> ids)
    {
        var found = new Dictionary<int, Task>();
        if (!TaskTableAvailable)
        {
            return found;
        }

        try
        {
            var table = CurrentActiveTasks(null);
            if (table is null)
            {
                return found;
            }

            lock (table)
            {
                foreach (int id in ids)
                {
                    if (table.TryGetValue(id, out var task))
                    {
                        found[id] = task;
                    }
                }
            }
        }
        catch (Exception e) when (e is MissingFieldException or MissingMemberException or FieldAccessException)
        {
            TaskTableAvailable = false;
        }

        return found;
    }

    /// <summary>
    /// For a tracked task the table did not hold: whether that means it has ended. While a scope is open the
    /// runtime lists every async method, delegate task and Task.Delay from creation to completion, and it
    /// takes a finished one out before its end event is written (that event can come much later, when the
    /// completing thread has run the continuations inline: another test, in an xunit runner).
    /// </summary>
    public static bool LeftTheTable(string operationName) =>
        TaskTableAvailable
        && Reporting.OperationName.Parse(operationName).Origin is Reporting.TaskOrigin.AsyncMethod or Reporting.TaskOrigin.Delegate or Reporting.TaskOrigin.Delay;

    /// <summary>Finds one task object by id (used on the completion path of a faulted task).</summary>
    public static Task? FindTask(int id) => FindTasks([id]).GetValueOrDefault(id);

    /// <summary>
    /// Whether someone observed the fault of a faulted task (awaited it, called Wait, or read Exception).
    /// Reading <see cref="Task.Exception"/> would mark it observed, so this must be asked first.
    /// </summary>
    public static bool? IsFaultObserved(Task task)
    {
        if (!FaultObservationAvailable)
        {
            return null;
        }

        try
        {
            object? properties = s_contingentPropertiesField!.GetValue(task);
            object? holder = properties is null ? null : s_exceptionsHolderField!.GetValue(properties);
            return holder is null ? null : (bool?)s_isHandledField!.GetValue(holder);
        }
        catch (Exception e) when (e is ArgumentException or TargetException or FieldAccessException)
        {
            return null;
        }
    }

    /// <summary>The delegate a Task.Run / StartNew / ContinueWith task runs.</summary>
    public static Delegate? GetDelegate(Task task)
    {
        if (SimulateMissingInternals)
        {
            return null;
        }

        try
        {
            return s_actionField?.GetValue(task) as Delegate;
        }
        catch (Exception e) when (e is ArgumentException or FieldAccessException)
        {
            return null;
        }
    }

    /// <summary>The state machine inside an async method's task, or null when the task is not an async method.</summary>
    public static object? GetStateMachine(Task task)
    {
        if (SimulateMissingInternals)
        {
            return null;
        }

        var field = Cached(
            s_stateMachineFields,
            task.GetType(),
            static type => type.IsGenericType && typeof(IAsyncStateMachine).IsAssignableFrom(type.GetField("StateMachine", InstanceFields)?.FieldType)
                ? type.GetField("StateMachine", InstanceFields)
                : null);
        try
        {
            return field?.GetValue(task);
        }
        catch (Exception e) when (e is ArgumentException or FieldAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// The state machine's state: -1 while it runs (or before it started), a non-negative await number
    /// while it is suspended, -2 once finished. Null when unknown.
    /// </summary>
    public static int? GetState(object stateMachine)
    {
        var field = Cached(
            s_stateFields,
            stateMachine.GetType(),
            static type => type.GetField("<>1__state", InstanceFields) is { FieldType: var t } f && t == typeof(int) ? f : null);
        return field?.GetValue(stateMachine) as int?;
    }

    /// <summary>Whether the state machine belongs to an <c>async void</c> method.</summary>
    public static bool IsAsyncVoid(object stateMachine) =>
        stateMachine.GetType().GetField("<>t__builder", InstanceFields)?.FieldType == typeof(AsyncVoidMethodBuilder);

    /// <summary>
    /// What a suspended state machine is waiting on: the object held by its one awaiter field that is
    /// set. The compiler clears an awaiter when it resumes, so only the current await is non-default.
    /// Returns a Task, an IValueTaskSource, a custom awaiter, or null.
    /// </summary>
    public static object? GetAwaitedObject(object stateMachine)
    {
        var fields = Cached(
            s_awaiterFields,
            stateMachine.GetType(),
            static type => type.GetFields(InstanceFields).Where(f => f.Name.StartsWith("<>u__", StringComparison.Ordinal)).ToArray());
        foreach (var field in fields)
        {
            object? awaiter;
            try
            {
                awaiter = field.GetValue(stateMachine);
            }
            catch (Exception e) when (e is ArgumentException or FieldAccessException)
            {
                continue;
            }

            object? awaited = awaiter is null ? null : UnwrapAwaiter(awaiter);
            if (awaited is not null)
            {
                return awaited;
            }
        }

        return null;
    }

    /// <summary>
    /// Whether a task waits on <paramref name="target"/>, directly or through the async methods and
    /// <c>WaitAsync</c> wrappers it awaits. False only when the chain ends on something else that is known
    /// (a TaskCompletionSource task, a delay, a delegate task, a channel or timer wait); null when it cannot
    /// be followed (a WhenAll, a custom awaiter), so a caller is never mistaken for unrelated work.
    /// </summary>
    public static bool? Awaits(Task task, Task target)
    {
        object? current = task;
        for (int depth = 0; depth < 32; depth++)
        {
            if (current is not Task step)
            {
                // A value-task source of the runtime's own (a channel read, a timer tick) never is a verdict.
                return current is not null && current.GetType().Namespace?.StartsWith("System.Threading", StringComparison.Ordinal) == true ? false : null;
            }

            if (step == target)
            {
                return true;
            }

            if (GetStateMachine(step) is { } stateMachine)
            {
                current = GetAwaitedObject(stateMachine);
                if (current is null)
                {
                    return null;
                }

                continue;
            }

            if (WaitAsyncInner(step) is { } inner)
            {
                current = inner;
                continue;
            }

            var type = step.GetType();
            bool known = type == typeof(Task)
                || (type.IsGenericType && type.GetGenericTypeDefinition() == typeof(Task<>))
                || type.Name.StartsWith("DelayPromise", StringComparison.Ordinal)
                || GetDelegate(step) is not null;
            return known ? false : null;
        }

        return null;
    }

    /// <summary>For a Task.WhenAll promise: how many of its tasks have not ended. Null when unknown.</summary>
    public static int? WhenAllRemaining(Task whenAll) =>
        ReadField(whenAll, "_remainingToComplete") is int remaining ? remaining : null;

    /// <summary>For a Task.WhenAny promise: the tasks it waits on. Null when unknown.</summary>
    public static IReadOnlyList<Task>? WhenAnyTasks(Task whenAny)
    {
        if (ReadField(whenAny, "_tasks") is IList<Task> tasks)
        {
            return [.. tasks];
        }

        return ReadField(whenAny, "_task1") is Task first && ReadField(whenAny, "_task2") is Task second ? [first, second] : null;
    }

    /// <summary>
    /// Whether a wait has a token that can be canceled: read from the registration the runtime keeps while it
    /// waits (a channel read's <c>_cancellationRegistration</c>, <c>Task.WaitAsync</c>'s <c>_registration</c>, a
    /// PeriodicTimer's <c>_ctr</c>) or the token a runtime state machine holds (SemaphoreSlim.WaitAsync). Null
    /// when the object keeps neither.
    /// </summary>
    public static bool? HasCancelableToken(object waiting)
    {
        if (SimulateMissingInternals)
        {
            return null;
        }

        for (var type = waiting.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            foreach (var field in type.GetFields(InstanceFields | BindingFlags.DeclaredOnly))
            {
                try
                {
                    if (field.FieldType == typeof(CancellationTokenRegistration))
                    {
                        return ((CancellationTokenRegistration)field.GetValue(waiting)!).Token.CanBeCanceled;
                    }

                    if (field.FieldType == typeof(CancellationToken))
                    {
                        return ((CancellationToken)field.GetValue(waiting)!).CanBeCanceled;
                    }
                }
                catch (Exception e) when (e is ArgumentException or FieldAccessException or InvalidCastException or NullReferenceException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <summary>For <c>task.WaitAsync(token)</c>: the task it waits for. Null when the task is not such a wait.</summary>
    public static Task? WaitAsyncInner(Task task) =>
        task.GetType().Name.StartsWith("CancellationPromise", StringComparison.Ordinal) ? ReadField(task, "_task") as Task : null;

    /// <summary>For <c>task.WaitAsync(timeout)</c>: whether the wait has a timeout (a timer). Null when unknown.</summary>
    public static bool? WaitAsyncHasTimeout(Task waitAsync) =>
        waitAsync.GetType().GetField("_timer", InstanceFields) is null ? null : ReadField(waitAsync, "_timer") is not null;

    /// <summary>The object an async method runs on (its <c>this</c>), when the method has one. Null otherwise.</summary>
    public static object? ThisOf(object stateMachine)
    {
        try
        {
            return stateMachine.GetType().GetField("<>4__this", InstanceFields)?.GetValue(stateMachine);
        }
        catch (Exception e) when (e is ArgumentException or FieldAccessException)
        {
            return null;
        }
    }

    /// <summary>How many threads block in <see cref="ManualResetEventSlim.Wait()"/> on this event. Null when unknown.</summary>
    public static int? WaiterCount(ManualResetEventSlim manualResetEvent)
    {
        try
        {
            return SimulateMissingInternals ? null : typeof(ManualResetEventSlim).GetProperty("Waiters", InstanceFields)?.GetValue(manualResetEvent) as int?;
        }
        catch (Exception e) when (e is ArgumentException or TargetException or TargetInvocationException or MethodAccessException)
        {
            return null;
        }
    }

    /// <summary>How many threads block in <see cref="SemaphoreSlim.Wait()"/> on this semaphore. Null when unknown.</summary>
    public static int? WaiterCount(SemaphoreSlim semaphore)
    {
        try
        {
            return SimulateMissingInternals ? null : typeof(SemaphoreSlim).GetField("m_waitCount", InstanceFields)?.GetValue(semaphore) as int?;
        }
        catch (Exception e) when (e is ArgumentException or FieldAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Whether a thread blocks on this task in <c>Wait()</c> or <c>.Result</c>: the runtime then keeps a
    /// <c>SetOnInvokeMres</c> among the task's continuations until it completes. Null when unknown.
    /// </summary>
    public static bool? HasSynchronousWaiter(Task task)
    {
        if (SimulateMissingInternals || typeof(Task).GetField("m_continuationObject", InstanceFields) is not { } field)
        {
            return null;
        }

        try
        {
            object? continuations = field.GetValue(task);
            return continuations switch
            {
                null => false,
                List<object?> list => IsSynchronousWaiter(list),
                _ => IsSynchronousWaiter([continuations]),
            };
        }
        catch (Exception e) when (e is ArgumentException or FieldAccessException or InvalidOperationException)
        {
            return null;
        }

        static bool IsSynchronousWaiter(List<object?> continuations)
        {
            lock (continuations)
            {
                return continuations.Any(c => c?.GetType().Name == "SetOnInvokeMres");
            }
        }
    }

    /// <summary>The scheduler a task was queued to. Null when unknown.</summary>
    public static TaskScheduler? SchedulerOf(Task task) => ReadField(task, "m_taskScheduler") as TaskScheduler;

    /// <summary>For a ContinueWith continuation: the task it continues. Null when unknown.</summary>
    public static Task? Antecedent(Task continuation) => ReadField(continuation, "m_antecedent") as Task;

    private static object? ReadField(Task task, string name)
    {
        for (var type = task.GetType(); type is not null && type != typeof(object); type = type.BaseType)
        {
            if (type.GetField(name, InstanceFields | BindingFlags.DeclaredOnly) is { } field)
            {
                try
                {
                    return field.GetValue(task);
                }
                catch (Exception e) when (e is ArgumentException or FieldAccessException)
                {
                    return null;
                }
            }
        }

        return null;
    }

    /// <summary>Whether a Task.Delay task has a timer (a finite delay) or none (Timeout.Infinite). Null when unknown.</summary>
    public static bool? DelayHasTimer(Task delayTask)
    {
        var field = delayTask.GetType().GetField("_timer", InstanceFields) ?? delayTask.GetType().BaseType?.GetField("_timer", InstanceFields);
        try
        {
            return field is null ? null : field.GetValue(delayTask) is not null;
        }
        catch (Exception e) when (e is ArgumentException or FieldAccessException)
        {
            return null;
        }
    }

    // TaskAwaiter, ConfiguredTaskAwaiter: m_task. ValueTaskAwaiter, ConfiguredValueTaskAwaiter: _value, a ValueTask
    // whose _obj is a Task or an IValueTaskSource. A compiler-shared awaiter field holds one of these boxed, or a
    // custom awaiter object; an unset struct awaiter has all its fields null.
    private static object? UnwrapAwaiter(object awaiter)
    {
        var type = awaiter.GetType();
        if (type.GetField("m_task", InstanceFields) is { } taskField)
        {
            return taskField.GetValue(awaiter);
        }

        if (type.GetField("_value", InstanceFields) is { } valueField)
        {
            object? valueTask = valueField.GetValue(awaiter);
            return valueTask?.GetType().GetField("_obj", InstanceFields)?.GetValue(valueTask);
        }

        // YieldAwaitable and other value-type awaiters without state carry nothing to follow.
        return type.IsValueType ? null : awaiter;
    }
}
