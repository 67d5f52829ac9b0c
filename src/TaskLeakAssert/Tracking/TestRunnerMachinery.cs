using TaskLeakAssert.Reporting;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Tasks whose own code is a test framework's: the worker threads xunit starts to run continuations posted
/// to its test SynchronizationContext, a runner's work items. They run on the test's behalf (one of them
/// may be running the very hook that asks for the verdict), so they are never the test's leaks. Judged by
/// the code the task runs, not by the shape of anyone's stack, so JIT inlining cannot change the answer.
/// </summary>
internal static class TestRunnerMachinery
{
    /// <summary>
    /// The unfinished tasks of <paramref name="tasks"/> that run a test framework's own code: its delegate, or its
    /// async method (xunit v3 runs a test inside a local async function of its runner, which ends a moment after the
    /// test: waiting for it cost every checked test ~13 ms).
    /// </summary>
    public static IEnumerable<TrackedTask> Among(IReadOnlyCollection<TrackedTask> tasks)
    {
        var candidates = tasks.Where(t => t.OperationName.StartsWith("Task: ", StringComparison.Ordinal) || t.OperationName.StartsWith("Async: ", StringComparison.Ordinal)).ToArray();
        if (candidates.Length == 0)
        {
            return [];
        }

        var objects = RuntimeTaskInternals.FindTasks(candidates.Select(t => t.Id));
        return candidates.Where(t => objects.TryGetValue(t.Id, out var task) && IsTestFrameworkCode(CodeOf(task)));
    }

    // The type whose code the task runs: its state machine's (an async method's box keeps its MoveNext as its
    // delegate, which names the box), or its delegate's declaring type.
    private static Type? CodeOf(Task task) =>
        RuntimeTaskInternals.GetStateMachine(task)?.GetType() ?? RuntimeTaskInternals.GetDelegate(task)?.Method.DeclaringType;

    private static bool IsTestFrameworkCode(Type? type) => type is not null && FrameFilter.IsTestRunnerCode(type);
}
