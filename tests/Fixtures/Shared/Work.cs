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
