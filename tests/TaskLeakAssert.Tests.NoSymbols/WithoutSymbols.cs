using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Tests.NoSymbols;

/// <summary>Calls that leave frames without a location on a task's creation stack.</summary>
public static class WithoutSymbols
{
    /// <summary>A frame without a location between the caller and the code that creates a task.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static Task Invoke(Func<Task> start) => start();

    /// <summary>
    /// Starts an async method of this library on a thread-pool thread (the flow, and so the scope, goes
    /// along): its creation stack has this library's frames only. Completes when it has started.
    /// </summary>
    public static Task StartOnPool(Task never)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        ThreadPool.QueueUserWorkItem(_ =>
        {
            _ = WaitAsync(never);
            started.SetResult();
        });
        return started.Task;
    }

    /// <summary>A timer of this library that fires every <paramref name="period"/> until it is disposed.</summary>
    public static IDisposable StartTimer(TimeSpan period)
    {
        int fired = 0;
        return new Timer(_ => Interlocked.Increment(ref fired), null, period, period);
    }

    private static async Task WaitAsync(Task never) => await never;
}
