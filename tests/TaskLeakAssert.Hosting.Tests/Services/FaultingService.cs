using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting.Tests.Services;

public sealed class FaultingService : BackgroundService, IRunningSignal
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Running => _running.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running.TrySetResult();
        await Task.Yield();
        throw new InvalidOperationException("queue unreachable");
    }
}
