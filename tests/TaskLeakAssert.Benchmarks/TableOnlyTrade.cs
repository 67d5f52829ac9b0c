using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Benchmarks;

/// <summary>
/// Figure 10b: what the table-only prototype (<see cref="TableOnlyScope"/>) sees, against TaskLeakAssert's scope, on
/// the same code: many scopes at once each leaking its own task beside clean work, a fault that ended before the
/// verdict, and a loop started where the flow of ExecutionContext was suppressed.
/// </summary>
public static class TableOnlyTrade
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Scopes whose verdict named exactly their own leaked loop, of all scopes (200 at once per round).</summary>
    public static async Task<(int Scopes, int Exact)> AttributionAsync(int rounds)
    {
        int scopes = 0, exact = 0;
        for (int round = 0; round < rounds; round++)
        {
            var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(_ => Task.Run(OneScopeAsync)));
            scopes += results.Length;
            exact += results.Count(ok => ok);
        }

        return (scopes, exact);

        static async Task<bool> OneScopeAsync()
        {
            using var stop = new CancellationTokenSource();
            var scope = TableOnlyScope.Begin();
            await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => Task.Run(async () => await Task.Yield())));
            _ = LoopAsync(stop.Token);
            var left = await scope.StopAsync(Timeout);
            await stop.CancelAsync();
            return left is [var only] && only.EndsWith(nameof(LoopAsync), StringComparison.Ordinal);
        }
    }

    /// <summary>Whether each check reports a task that faulted, unobserved, before the verdict.</summary>
    public static async Task<(bool Prototype, bool Library)> FaultBeforeVerdictAsync()
    {
        var prototype = TableOnlyScope.Begin();
        var faulted = FailAsync();
        await WaitUntilCompletedAsync(faulted);
        bool prototypeSaw = (await prototype.StopAsync(Timeout)).Count > 0;

        var library = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = Timeout });
        faulted = FailAsync();
        await WaitUntilCompletedAsync(faulted);
        bool librarySaw = !(await library.StopAsync()).IsClean;
        return (prototypeSaw, librarySaw);
    }

    /// <summary>Whether each check reports a loop started by Task.Run while the flow of ExecutionContext was suppressed.</summary>
    public static async Task<(bool Prototype, bool Library)> SuppressedFlowAsync()
    {
        using var stop = new CancellationTokenSource();
        var prototype = TableOnlyScope.Begin();
        StartWithoutFlow(stop.Token);
        bool prototypeSaw = (await prototype.StopAsync(Timeout)).Count > 0;

        var library = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = Timeout });
        StartWithoutFlow(stop.Token);
        bool librarySaw = !(await library.StopAsync()).IsClean;
        await stop.CancelAsync();
        return (prototypeSaw, librarySaw);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void StartWithoutFlow(CancellationToken token)
    {
        using (ExecutionContext.SuppressFlow())
        {
            _ = Task.Run(() => LoopAsync(token), CancellationToken.None);
        }
    }

    private static async Task LoopAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(System.Threading.Timeout.Infinite, token);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static async Task FailAsync()
    {
        await Task.Yield();
        throw new InvalidOperationException("nobody observes this");
    }

    private static async Task WaitUntilCompletedAsync(Task task)
    {
        // Waits without observing the fault: a continuation that never reads the task's exception.
        await task.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }
}
