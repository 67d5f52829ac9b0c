namespace TaskLeakAssert.Fixtures;

/// <summary>The code under test: one loop that ignores cancellation, and short work that ends by itself.</summary>
public static class Work
{
    // Leaky loops end on their own after this, so no loop outlives a fixture run by long (each waits 50 ms between
    // polls: it keeps no thread busy). Long enough for a loaded machine: a fixture's verdict comes after the last
    // test of its class or collection, and a loop that ended before it is no leak (4 s was too short: once in a
    // stress run of the solution on two cores with two busy loops, a class fixture's verdict came later).
    private static readonly TimeSpan LeakLifetime = TimeSpan.FromSeconds(30);

    public static async Task PollForeverAsync()
    {
        var started = DateTime.UtcNow;
        while (DateTime.UtcNow - started < LeakLifetime)
        {
            await Task.Delay(50);
        }
    }

    /// <summary>A loop that stops when its token is canceled, and then ends RanToCompletion.</summary>
    public static async Task PollUntilCanceledAsync(CancellationToken token)
    {
        try
        {
            while (true)
            {
                await Task.Delay(10, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    public static async Task FailLaterAsync()
    {
        await Task.Delay(10);
        throw new InvalidOperationException("nobody awaited me");
    }

    public static async Task ShortAsync()
    {
        await Task.Delay(30);
    }
}
