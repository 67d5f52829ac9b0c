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
    private static readonly string[] s_testFrameworkAssemblyPrefixes =
    [
        "xunit.", "nunit.", "NUnit", "Microsoft.VisualStudio.TestPlatform", "Microsoft.TestPlatform", "MSTest", "Microsoft.Testing.",
    ];

    /// <summary>The unfinished tasks of <paramref name="tasks"/> that run a test framework's own delegate.</summary>
    public static IEnumerable<TrackedTask> Among(IReadOnlyCollection<TrackedTask> tasks)
    {
        var delegateTasks = tasks.Where(t => t.OperationName.StartsWith("Task: ", StringComparison.Ordinal)).ToArray();
        if (delegateTasks.Length == 0)
        {
            return [];
        }

        var objects = RuntimeTaskInternals.FindTasks(delegateTasks.Select(t => t.Id));
        return delegateTasks.Where(t => objects.TryGetValue(t.Id, out var task) && RunsTestFrameworkCode(task));
    }

    private static bool RunsTestFrameworkCode(Task task)
    {
        string? assembly = RuntimeTaskInternals.GetDelegate(task)?.Method.DeclaringType?.Assembly.GetName().Name;
        return assembly is not null
            && (assembly == "xunit" || s_testFrameworkAssemblyPrefixes.Any(p => assembly.StartsWith(p, StringComparison.OrdinalIgnoreCase)));
    }
}
