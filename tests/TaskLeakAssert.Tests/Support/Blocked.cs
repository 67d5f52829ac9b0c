using System.Reflection;

namespace TaskLeakAssert.Tests.Support;

/// <summary>Waits until a thread really blocks, so a report can be read while it is blocked.</summary>
public static class Blocked
{
    /// <summary>Whether a thread blocks in Wait() on the event (the runtime's own waiter count).</summary>
    public static bool HasWaiter(ManualResetEventSlim gate) =>
        (int?)typeof(ManualResetEventSlim).GetProperty("Waiters", BindingFlags.Instance | BindingFlags.NonPublic)?.GetValue(gate) > 0;

    /// <summary>Polls until the condition holds; bounded against hangs, and each poll lets the pool run.</summary>
    public static async Task Until(Func<bool> condition)
    {
        for (int i = 0; i < 6000 && !condition(); i++)
        {
            await Task.Delay(10);
        }

        if (!condition())
        {
            throw new TimeoutException("The condition never came true within 60 s.");
        }
    }
}
