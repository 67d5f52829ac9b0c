using TaskLeakAssert.Runtime;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// Turns a tracked task into a <see cref="LeakCandidate"/>: what it is, where it stands, where it came
/// from, what it waits on, and the likely fix. Uses the task object when the runtime gave it up, and
/// falls back to the event's name and the creation stack when it did not.
/// </summary>
internal static class LeakDescriber
{
    /// <remarks>For a verdict's report, <paramref name="lookAgain"/> watches an async method read as running for an await (<see cref="MomentaryRun"/>).</remarks>
    public static LeakCandidate Describe(TrackedTask record, Task? task, TrackingTaskScheduler? scheduler, LeakKind kind, Exception? exception = null, MomentaryRun? lookAgain = null)
    {
        var operation = OperationName.Parse(record.OperationName);
        var shape = operation.Origin switch
        {
            TaskOrigin.AsyncMethod => DescribeAsyncMethod(record, operation, task, lookAgain),
            TaskOrigin.Delegate or TaskOrigin.Continuation => DescribeDelegate(record, operation, task, scheduler),
            TaskOrigin.Unwrap when record.UnwrapSource is { } source => DescribeUnwrap(source, scheduler),
            TaskOrigin.Delay => new Shape(task is not null && RuntimeTaskInternals.DelayHasTimer(task) == false ? "Task.Delay(Infinite)" : "Task.Delay", null, false, "waiting"),
            TaskOrigin.WhenAll => new Shape("Task.WhenAll", null, false, WhenAllState(task)),
            TaskOrigin.WhenAny => new Shape("Task.WhenAny", null, false, WhenAnyState(task)),
            _ => new Shape(record.OperationName, null, false, "waiting"),
        };
        var (description, method, isRunning, state, isAsyncVoid, chain) = (shape.Description, shape.Method, shape.IsRunning, shape.State, shape.IsAsyncVoid, shape.Chain);

        bool startedByDelegate = operation.Origin is TaskOrigin.Delegate or TaskOrigin.Unwrap;
        if (record.Parent is { } parent && OperationName.Parse(parent.OperationName).Origin == TaskOrigin.Delegate)
        {
            startedByDelegate = true;
            description += parent.Site?.Creator is { } creator ? $" (started by {parent.Starter} in {creator})" : $" (started by {parent.Starter})";
        }

        if (kind == LeakKind.Faulted)
        {
            state = "faulted, and nobody observed the exception";
            isRunning = false;
            chain = NoChain;
        }

        var ownCode = OwnCodeType(record, operation, task);
        bool isFrameworkCode = ownCode is not null && !FrameFilter.IsUserType(ownCode);
        // A delay left behind on its own is its own wait: one given a cancelable token is told that nobody cancels it.
        var terminal = chain.Count > 1 ? chain[^1]
            : operation.Origin == TaskOrigin.Delay && task is not null ? AwaitChainWalker.Describe(task)
            : null;
        string hint = kind == LeakKind.Faulted ? LeakHints.Faulted : LeakHints.For(operation.Origin, terminal, isRunning, isAsyncVoid, shape.BlockedIn, shape.StalledScheduler, queued: shape.StalledScheduler is null && task is { Status: TaskStatus.WaitingToRun });
        string? site = SiteText(record);
        if (kind == LeakKind.NotCompleted && LeakHints.StaticConstructorIn(site) is { } type)
        {
            hint = LeakHints.ProcessLifetime(type) + " " + hint;
        }

        string? staticCheck = kind == LeakKind.NotCompleted ? StaticRules.For(terminal, isRunning, isAsyncVoid, shape.BlockedIn, startedByDelegate, neverStarted: shape.StalledScheduler is not null || task is { Status: TaskStatus.WaitingToRun }) : null;
        return new LeakCandidate(record.Id, kind, operation, description, method, task?.Status, isRunning, state, chain, site, hint, exception, isFrameworkCode, CreatorTypes(record, task), record.Site?.HasUserFrames ?? true, record.Site?.IsShared ?? false, record.StartedDuring, StaticCheck: staticCheck);
    }

    private static readonly IReadOnlyList<AwaitStep> NoChain = [];

    // What a task is and where it stands, before the kind of leak and the hint are decided.
    private sealed record Shape(string Description, string? Method, bool IsRunning, string State, bool IsAsyncVoid = false, IReadOnlyList<AwaitStep>? AwaitChain = null, string? BlockedIn = null, string? StalledScheduler = null)
    {
        public IReadOnlyList<AwaitStep> Chain => AwaitChain ?? NoChain;
    }

    // One status phrase: running, or running and likely blocked in a wait the objects it holds show.
    private static string RunningState(string? blockedIn) =>
        blockedIn is null ? "running on a thread, not at an await" : $"running on a thread, likely blocked in {blockedIn}";

    private static string WhenAllState(Task? task) =>
        task is not null && RuntimeTaskInternals.WhenAllRemaining(task) is int remaining
            ? $"waiting for {remaining} of its tasks"
            : "waiting";

    private static string WhenAnyState(Task? task) =>
        task is not null && RuntimeTaskInternals.WhenAnyTasks(task) is { } tasks
            ? $"waiting: none of its {tasks.Count} tasks has ended"
            : "waiting";

    // "waiting for the task it continues: a TaskCompletionSource task that is never completed"
    private static string ContinuationState(Task? task) =>
        task is not null && RuntimeTaskInternals.Antecedent(task) is { IsCompleted: false } antecedent
            ? $"waiting for the task it continues: {AwaitChainWalker.Describe(antecedent).Text}"
            : "waiting for the task it continues";

    private static Shape DescribeAsyncMethod(TrackedTask record, OperationName operation, Task? task, MomentaryRun? lookAgain)
    {
        object? stateMachine = task is null ? null : RuntimeTaskInternals.GetStateMachine(task);
        string stateMachineName = operation.Member!;
        var type = stateMachine?.GetType() ?? record.Site?.FindStateMachineType(stateMachineName);
        var name = type is not null
            ? FriendlyName.ForStateMachine(type)
            : FriendlyName.FromMember(null, FriendlyName.StateMachineMember(stateMachineName));
        bool isAsyncVoid = stateMachine is not null && RuntimeTaskInternals.IsAsyncVoid(stateMachine);
        string what = (isAsyncVoid ? "async void " : "async ") + (name.IsLambda ? name.ToString() : "method " + name);

        int? smState = stateMachine is null ? null : RuntimeTaskInternals.GetState(stateMachine);
        if (smState == -1 && lookAgain is not null && task is not null)
        {
            // It may only be between two awaits: look again, and describe the state machine as it is then.
            smState = lookAgain.StateOf(task);
            stateMachine = RuntimeTaskInternals.GetStateMachine(task) ?? stateMachine;
        }

        bool running = smState == -1;
        string? blockedIn = running ? BlockingWait.Find(stateMachine) : null;
        string state = smState switch
        {
            >= 0 => "suspended at an await",
            -1 => RunningState(blockedIn),
            _ => "not completed",
        };
        var chain = task is null ? NoChain : AwaitChainWalker.Walk(task);
        return new Shape(what, name.Qualified, running, state, isAsyncVoid, chain, blockedIn);
    }

    private static Shape DescribeDelegate(TrackedTask record, OperationName operation, Task? task, TrackingTaskScheduler? scheduler)
    {
        var action = task is null ? null : RuntimeTaskInternals.GetDelegate(task);
        var name = action is not null
            ? FriendlyName.FromMember(FriendlyName.OwnerName(action.Method.DeclaringType), action.Method.Name)
            : FriendlyName.FromMember(record.Site?.Creator?.Owner, operation.Member!);

        // A task queued to a scheduler of someone's own (an AsyncContext, a UI loop) that never ran it.
        string? stalledScheduler = task is { Status: TaskStatus.WaitingToRun } && RuntimeTaskInternals.SchedulerOf(task) is { } taskScheduler
            && taskScheduler != TaskScheduler.Default && taskScheduler is not TrackingTaskScheduler
            ? FriendlyName.OwnerName(taskScheduler.GetType()) ?? taskScheduler.GetType().Name
            : null;

        string kind = operation.Origin == TaskOrigin.Continuation ? "ContinueWith continuation"
            : task is null ? "Task.Run/StartNew delegate"
            : stalledScheduler is not null ? "Task.Factory.StartNew delegate"
            : task.CreationOptions.HasFlag(TaskCreationOptions.LongRunning) ? "long-running task"
            : task.CreationOptions.HasFlag(TaskCreationOptions.DenyChildAttach) ? "Task.Run delegate"
            : "Task.Factory.StartNew delegate";

        bool running = task?.Status == TaskStatus.Running || scheduler?.IsExecuting(record.Id) == true;
        string? blockedIn = running ? BlockingWait.Find(action?.Target) : null;
        string state = running ? RunningState(blockedIn)
            : stalledScheduler is not null ? $"queued to {stalledScheduler}, which never ran it"
            : task?.Status == TaskStatus.WaitingToRun ? "queued, never started (is the thread pool or its scheduler blocked?)"
            : operation.Origin == TaskOrigin.Continuation ? ContinuationState(task)
            : "not completed";
        return new Shape($"{kind} {name}", name.Qualified, running, state, BlockedIn: blockedIn, StalledScheduler: stalledScheduler);
    }

    private static Shape DescribeUnwrap(TrackedTask source, TrackingTaskScheduler? scheduler)
    {
        var inner = DescribeDelegate(source, OperationName.Parse(source.OperationName), task: null, scheduler);
        string description = source.RanOnScheduler is { } onScheduler
            ? $"{inner.Description.Replace("Task.Run/StartNew", "Task.Factory.StartNew", StringComparison.Ordinal)} on {onScheduler}"
            : inner.Description.Replace("Task.Run/StartNew", "Task.Run", StringComparison.Ordinal);
        return new Shape($"the task returned by {description}", inner.Method, false, "not completed");
    }

    // The type whose code the task runs: its state machine, or the type declaring its delegate.
    private static Type? OwnCodeType(TrackedTask record, OperationName operation, Task? task) => operation.Origin switch
    {
        TaskOrigin.AsyncMethod => (task is null ? null : RuntimeTaskInternals.GetStateMachine(task)?.GetType()) ?? record.Site?.FindStateMachineType(operation.Member!),
        TaskOrigin.Delegate or TaskOrigin.Continuation => task is null ? null : RuntimeTaskInternals.GetDelegate(task)?.Method.DeclaringType,
        _ => null,
    };

    // The task's own code first (its state machine or delegate), then the frames that created it.
    private static IReadOnlyList<Type> CreatorTypes(TrackedTask record, Task? task)
    {
        var types = new List<Type>();
        if (task is not null)
        {
            var own = RuntimeTaskInternals.GetStateMachine(task)?.GetType() ?? RuntimeTaskInternals.GetDelegate(task)?.Method.DeclaringType;
            if (FriendlyName.UserType(own) is { } ownType)
            {
                types.Add(ownType);
            }
        }

        types.AddRange(record.Site?.UserTypes ?? []);
        types.AddRange(record.Parent?.Site?.UserTypes ?? []);
        types.AddRange(record.UnwrapSource?.Site?.UserTypes ?? []);
        return types.Distinct().ToArray();
    }

    private static string? SiteText(TrackedTask record)
    {
        string? own = WithLogicalCallers(record.Site?.Text, record);
        string? parent = record.Parent?.Site?.Text;
        if (string.IsNullOrEmpty(parent) || parent == own)
        {
            return string.IsNullOrEmpty(own) ? null : own;
        }

        return string.IsNullOrEmpty(own) ? parent : own + Environment.NewLine + $"started by {record.Parent!.Starter} at:" + Environment.NewLine + parent;
    }

    // "called from:" and the callers of each async method the creating code was resumed in, outermost last.
    private static string? WithLogicalCallers(string? text, TrackedTask record)
    {
        if (string.IsNullOrEmpty(text))
        {
            return text;
        }

        var seen = new HashSet<TrackedTask>();
        for (var method = record.ResumedMethod; method is not null && seen.Count < LogicalCallers.MaxDepth && seen.Add(method); method = method.ResumedMethod)
        {
            if (method.Site is not { IsShared: false } site || site.CallersText is not { Length: > 0 } callers)
            {
                break;
            }

            text += Environment.NewLine + "called from:" + Environment.NewLine + callers;
        }

        return text;
    }
}
