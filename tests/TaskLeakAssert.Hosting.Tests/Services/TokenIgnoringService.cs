using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>The classic bug: the loop never looks at stoppingToken.</summary>
public sealed class TokenIgnoringService(TestRelease release) : BackgroundService, IRunningSignal
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private TaskCompletionSource _looped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Running => _running.Task;

    /// <summary>Completes when the loop next comes round (after its next delay).</summary>
    public Task NextRound => Volatile.Read(ref _looped).Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running.TrySetResult();
        while (!release.Token.IsCancellationRequested)
        {
            await Task.Delay(100);
            Interlocked.Exchange(ref _looped, new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        }
    }
}
