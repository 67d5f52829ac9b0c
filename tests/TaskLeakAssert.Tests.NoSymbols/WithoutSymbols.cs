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

    private static async Task WaitAsync(Task never) => await never;
}
