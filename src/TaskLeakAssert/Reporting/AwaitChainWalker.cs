using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// Follows a suspended async method down what it awaits: <c>Worker.PumpAsync → Worker.ReadAsync → Channel read</c>.
/// Needs the task objects and state machine internals; without them the chain is empty.
/// </summary>
internal static class AwaitChainWalker
{
    private const int MaxDepth = 16;

    /// <summary>The chain starting at an async method's own task; the first step is the method itself.</summary>
    public static IReadOnlyList<AwaitStep> Walk(Task asyncMethodTask)
    {
        var steps = new List<AwaitStep>();
        Task? current = asyncMethodTask;
        while (current is not null && steps.Count < MaxDepth)
        {
            object? stateMachine = RuntimeTaskInternals.GetStateMachine(current);
            if (stateMachine is null)
            {
                break;
            }

            steps.Add(new AwaitStep(FriendlyName.ForStateMachine(stateMachine.GetType()).ToString(), AwaitTarget.AsyncMethod, current.Id));
            if (RuntimeTaskInternals.GetState(stateMachine) is not >= 0)
            {
                // -1: it is executing its code right now, not waiting.
                if (steps.Count > 1)
                {
                    steps.Add(new AwaitStep("running on a thread", AwaitTarget.Running, null));
                }

                break;
            }

            object? awaited = RuntimeTaskInternals.GetAwaitedObject(stateMachine);
            if (awaited is Task task && RuntimeTaskInternals.GetStateMachine(task) is { } awaitedMachine && !IsSemaphoreWait(awaitedMachine))
            {
                current = task;
                continue;
            }

            if (awaited is not null)
            {
                steps.Add(Describe(awaited) with { Owner = OwnerOf(stateMachine) });
            }

            break;
        }

        // A chain of the method alone says nothing: it is running, or waits on something unnamed.
        return steps.Count > 1 ? steps : [];
    }

    // SemaphoreSlim.WaitAsync with a token or timeout runs a runtime async method of its own: it is the wait.
    private static bool IsSemaphoreWait(object stateMachine) => stateMachine.GetType().DeclaringType == typeof(SemaphoreSlim);

    // The object whose method waits, when it is a type of the user's: the likely owner of the token it passed.
    private static string? OwnerOf(object stateMachine) =>
        RuntimeTaskInternals.ThisOf(stateMachine)?.GetType() is { } type && FriendlyName.UserType(type) == type && FrameFilter.IsUserType(type)
            ? FriendlyName.OwnerName(type)
            : null;

    /// <summary>Names what a method waits on, in the terms of the API the user called.</summary>
    public static AwaitStep Describe(object awaited)
    {
        string typeName = awaited.GetType().Name;
        string? fullName = awaited.GetType().FullName;
        if (awaited is Task task)
        {
            int id = task.Id;
            if (RuntimeTaskInternals.WaitAsyncInner(task) is { } inner)
            {
                // task.WaitAsync(token): the wait is for the inner task, and it has a token. With a timeout it wakes up
                // again and again (a loop that times out and waits again), so the inner task is not what keeps it.
                var waited = Describe(inner) with { TaskId = id, HasCancelableToken = RuntimeTaskInternals.HasCancelableToken(task) == true };
                return RuntimeTaskInternals.WaitAsyncHasTimeout(task) == true
                    ? waited with { Text = $"WaitAsync with a timeout on {waited.Text.Replace(" that is never completed", string.Empty, StringComparison.Ordinal)}", HasTimeout = true }
                    : waited;
            }

            if (RuntimeTaskInternals.GetStateMachine(task) is { } stateMachine && IsSemaphoreWait(stateMachine))
            {
                return new AwaitStep("SemaphoreSlim.WaitAsync", AwaitTarget.Semaphore, id, RuntimeTaskInternals.HasCancelableToken(stateMachine) == true);
            }

            if (typeName.StartsWith("DelayPromise", StringComparison.Ordinal))
            {
                // The runtime gives a delay this type only when its token can be canceled.
                if (typeName == "DelayPromiseWithCancellation")
                {
                    return new AwaitStep(RuntimeTaskInternals.DelayHasTimer(task) == false ? "Task.Delay(Infinite)" : "Task.Delay", AwaitTarget.DelayWithToken, id, HasCancelableToken: true);
                }

                return RuntimeTaskInternals.DelayHasTimer(task) == false
                    ? new AwaitStep("Task.Delay(Infinite)", AwaitTarget.DelayInfinite, id)
                    : new AwaitStep("Task.Delay", AwaitTarget.Delay, id);
            }

            if (typeName.StartsWith("UnwrapPromise", StringComparison.Ordinal))
            {
                return new AwaitStep("the task of a Task.Run", AwaitTarget.DelegateTask, id);
            }

            if (typeName.Contains("WhenAll", StringComparison.Ordinal))
            {
                return new AwaitStep("Task.WhenAll", AwaitTarget.WhenAll, id);
            }

            if (typeName.Contains("WhenAny", StringComparison.Ordinal))
            {
                // One of its waits already has a cancelable token: what is missing is someone who cancels it.
                bool tokened = RuntimeTaskInternals.WhenAnyTasks(task) is { } tasks && tasks.Any(t => !t.IsCompleted && Describe(t).HasCancelableToken);
                return new AwaitStep("Task.WhenAny", AwaitTarget.WhenAny, id, tokened);
            }

            if (fullName?.Contains("SemaphoreSlim", StringComparison.Ordinal) == true)
            {
                return new AwaitStep("SemaphoreSlim.WaitAsync", AwaitTarget.Semaphore, id);
            }

            if (RuntimeTaskInternals.GetDelegate(task) is { } action)
            {
                var name = FriendlyName.FromMember(FriendlyName.OwnerName(action.Method.DeclaringType), action.Method.Name);
                return new AwaitStep($"task running {name}" + (task.Status == TaskStatus.Running ? " (running on a thread)" : string.Empty), AwaitTarget.DelegateTask, id);
            }

            if (task.GetType() == typeof(Task) || (task.GetType().IsGenericType && task.GetType().GetGenericTypeDefinition() == typeof(Task<>)))
            {
                return new AwaitStep("a TaskCompletionSource task that is never completed", AwaitTarget.TaskCompletionSource, id);
            }

            return new AwaitStep(typeName, AwaitTarget.Unknown, id);
        }

        if (fullName?.StartsWith("System.Threading.Channels.", StringComparison.Ordinal) == true)
        {
            return new AwaitStep("Channel read (ReadAsync / WaitToReadAsync)", AwaitTarget.Channel, null, RuntimeTaskInternals.HasCancelableToken(awaited) == true);
        }

        if (fullName?.Contains("PeriodicTimer", StringComparison.Ordinal) == true)
        {
            return new AwaitStep("PeriodicTimer.WaitForNextTickAsync", AwaitTarget.PeriodicTimer, null, RuntimeTaskInternals.HasCancelableToken(awaited) == true);
        }

        return new AwaitStep(typeName, AwaitTarget.Unknown, null);
    }
}
