using TaskLeakAssert.Reporting;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Benchmarks;

/// <summary>
/// Figure 10, a prototype below the floor of figure 8: tracking with no task events at all. While a scope is open
/// the runtime's debugger task table is on (its only per-task cost); the verdict reads the table and attributes each
/// unfinished task through the ExecutionContext it captured, which carries the scope's AsyncLocal. Not shipped: see
/// docs/performance.md for what it costs the report.
/// </summary>
public sealed class TableOnlyScope
{
    private static readonly AsyncLocal<TableOnlyScope?> s_current = new();

    private TableOnlyScope()
    {
    }

    /// <summary>Opens a scope in the calling flow.</summary>
    public static TableOnlyScope Begin()
    {
        RuntimeTaskInternals.AcquireTaskTable();
        var scope = new TableOnlyScope();
        s_current.Value = scope;
        return scope;
    }

    /// <summary>
    /// Waits until no unfinished task of this scope is left, or the timeout: the names of those left. The verdict runs
    /// in a flow that has left the scope, and the tasks that await it (the caller's) are not the scope's.
    /// </summary>
    public Task<IReadOnlyList<string>> StopAsync(TimeSpan timeout)
    {
        s_current.Value = null;
        var self = new TaskCompletionSource<Task>(TaskCreationOptions.RunContinuationsAsynchronously);
        var verdict = VerdictAsync(self.Task, timeout);
        self.SetResult(verdict);
        return verdict;
    }

    private async Task<IReadOnlyList<string>> VerdictAsync(Task<Task> self, TimeSpan timeout)
    {
        var verdict = await self;
        var deadline = DateTime.UtcNow + timeout;
        try
        {
            while (true)
            {
                var mine = Unfinished(verdict);
                var left = deadline - DateTime.UtcNow;
                if (mine.Count == 0 || left <= TimeSpan.Zero)
                {
                    return [.. mine.Select(NameOf)];
                }

                await Task.WhenAny(Task.WhenAll(mine), Task.Delay(left)).ConfigureAwait(false);
            }
        }
        finally
        {
            RuntimeTaskInternals.ReleaseTaskTable();
        }
    }

    private List<Task> Unfinished(Task verdict)
    {
        var mine = new List<Task>();
        foreach (var task in RuntimeTaskInternals.TableSnapshot())
        {
            if (!task.IsCompleted && task != verdict && OwnerOf(task) == this && RuntimeTaskInternals.Awaits(task, verdict) != true)
            {
                mine.Add(task);
            }
        }

        return mine;
    }

    private static TableOnlyScope? OwnerOf(Task task)
    {
        if (RuntimeTaskInternals.CapturedContext(task) is not { } context)
        {
            return null;
        }

        TableOnlyScope? owner = null;
        ExecutionContext.Run(context.CreateCopy(), _ => owner = s_current.Value, null);
        return owner;
    }

    private static string NameOf(Task task) =>
        RuntimeTaskInternals.GetStateMachine(task) is { } stateMachine ? FriendlyName.ForStateMachine(stateMachine.GetType()).ToString()
        : RuntimeTaskInternals.GetDelegate(task) is { Method: var method } ? FriendlyName.ForMethod(method).ToString()
        : task.GetType().Name;
}
