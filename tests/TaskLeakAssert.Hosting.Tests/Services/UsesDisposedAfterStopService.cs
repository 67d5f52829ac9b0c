using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>
/// A loop that ignores stoppingToken and signals through a semaphore its StopAsync disposes once the host gave up
/// waiting: the loop's next signal throws ObjectDisposedException, as a loop that wakes after the host disposed
/// its services does.
/// </summary>
public sealed class UsesDisposedAfterStopService : BackgroundService, IRunningSignal
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly SemaphoreSlim _ticks = new(0);

    public Task Running => _running.Task;

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        _ticks.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running.TrySetResult();
        while (true)
        {
            await Task.Delay(10, CancellationToken.None);
            _ticks.Release();
        }
    }
}
