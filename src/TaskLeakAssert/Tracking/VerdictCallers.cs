using System.Collections.Concurrent;
using System.Reflection;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// The code that asks for a scope's verdict is never the scope's leak: a helper that awaits it, a runner's work item
/// calling an After hook, the async methods on that stack that suspend on the verdict a moment later. Recognized by
/// the tasks' state, read from their objects, and by the frames below them; the name alone decides only when the
/// runtime gives up no task objects.
/// </summary>
internal sealed class VerdictCallers(ScopeTracker scope)
{
    private readonly ScopeTracker _scope = scope;
    private readonly ConcurrentQueue<TrackedTask> _setAside = new();
    private readonly List<(string Name, (MethodBase? Method, int Offset)[] Callers)> _pending = [];
    private int _verdictThreadId = -1;

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
    public void Exclude()
    {
        lock (_pending)
        {
            _verdictThreadId = Environment.CurrentManagedThreadId;
            var stack = CallStackShape.CaptureHere();
            var frameNames = stack.TaskNames;
            var namesOnStack = frameNames.ToList();
            var unfinished = TrackedTaskRegistry.UnfinishedOf(_scope).OrderByDescending(t => t.Id).ToArray();
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
                    _scope.Untrack(task);
                }
            }

            // Frames whose task exists (completing on this stack, or suspended) will not create one, and only an
            // async method makes its task when it suspends: the rest may be callers suspending on the verdict.
            _pending.AddRange(
                namesOnStack.Where(n => n.StartsWith("Async: ", StringComparison.Ordinal) && (!named.Contains(n) || objects.Count == 0))
                    .Distinct()
                    .Select(n => (n, stack.Below(IndexOf(frameNames, n)))));

            _scope.ExcludeRunnerMachinery();

            // The task executing this very call is a caller too. (While an await continuation runs inline
            // the runtime hides it from Task.CurrentId; its delegate's frame above catches that case.)
            if (Task.CurrentId is int executingId && TrackedTaskRegistry.TryGet(executingId, out var running) && running?.Scope == _scope)
            {
                _scope.Untrack(running);
            }
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

    /// <summary>The verdict's own task: what its callers await. Set once the verdict is under way.</summary>
    public Task? Verdict { get; set; }

    /// <summary>
    /// A task created on the verdict's thread under the name of a caller frame that had no task yet, but with
    /// other frames below it: probably that caller (the JIT can replace a running method, and its offsets), so
    /// it stays out of the wait. Whether it really awaits the verdict is checked on its object when the verdict
    /// is made (<see cref="ScopeTracker.Finish"/>): if it does not, it is judged like any other task.
    /// </summary>
    public void SetAside(TrackedTask task) => _setAside.Enqueue(task);

    // The set-aside tasks that are still pending and do not await the verdict: a method that happened to share
    // a caller's name. When the runtime gives up no task objects, the name decides, as it did when set aside.
    public IEnumerable<TrackedTask> SetAsideNonCallers()
    {
        var setAside = new List<TrackedTask>();
        while (_setAside.TryDequeue(out var task))
        {
            setAside.Add(task);
        }

        if (setAside.Count == 0 || Verdict is not { } verdict)
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
    public bool? IsCaller(string operationName)
    {
        if (Volatile.Read(ref _verdictThreadId) != Environment.CurrentManagedThreadId)
        {
            return null;
        }

        lock (_pending)
        {
            int index = _pending.FindIndex(c => c.Name == operationName);
            if (index < 0)
            {
                return null;
            }

            var pending = _pending[index];
            _pending.RemoveAt(index);
            var below = CallStackShape.CaptureHere().BelowFrameOf(operationName);
            return below is not null && CallStackShape.SameCallers(below, pending.Callers);
        }
    }
}
