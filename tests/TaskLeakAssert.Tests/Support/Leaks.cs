using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Tests.Support;

/// <summary>
/// Deliberately leaky code for the tests. Every leak ignores the code's own cancellation but stops on
/// the test's <see cref="Release"/> token, so a test can end its leaks after the verdict and leave
/// nothing running (CPU-bound loops included) for the tests after it.
/// </summary>
public sealed class Leaks : IDisposable
{
    private readonly CancellationTokenSource _release = new();
    private readonly TaskCompletionSource _spinning = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _pumping = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Short timeout for verdicts that are expected to find leaks.</summary>
    public static TaskLeakOptions Short => new() { Timeout = TimeSpan.FromMilliseconds(300) };

    public CancellationToken Release => _release.Token;

    /// <summary>Completes when a <see cref="Spin"/> loop is running: await it instead of hoping the thread pool was quick.</summary>
    public Task Spinning => _spinning.Task;

    /// <summary>Completes when a <see cref="PumpAsync"/> loop has started.</summary>
    public Task Pumping => _pumping.Task;

    /// <summary>The line this is called on, so a test can check the file:line of a creation site.</summary>
    public static int Here([CallerLineNumber] int line = 0) => line;

    public async Task PumpAsync()
    {
        _pumping.TrySetResult();
        while (!Release.IsCancellationRequested)
        {
            await Task.Delay(20);
        }
    }

    public void Spin()
    {
        _spinning.TrySetResult();
        while (!Release.IsCancellationRequested)
        {
            Thread.SpinWait(100);
        }
    }

    public async Task SpinAfterYieldAsync()
    {
        await Task.Yield();
        Spin();
    }

    public async Task DelayForeverAsync()
    {
        try
        {
            await Task.Delay(Timeout.Infinite, Release);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public async Task AwaitAsync(Task task) => await task;

    public static async Task AwaitStaticAsync(Task task) => await task;

    public async Task FailAsync(string message)
    {
        await Task.Yield();
        throw new InvalidOperationException(message);
    }

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }
}
