namespace TaskLeakAssert.Fixtures;

/// <summary>The code under test: one loop that ignores cancellation, and short work that ends by itself.</summary>
public static class Work
{
    // Leaky loops end on their own after this, so the fixture run never keeps a process busy.
    private static readonly TimeSpan LeakLifetime = TimeSpan.FromSeconds(4);

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
