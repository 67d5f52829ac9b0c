using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>The classic bug: the loop never looks at stoppingToken.</summary>
public sealed class TokenIgnoringService(TestRelease release) : BackgroundService, IRunningSignal
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Running => _running.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running.TrySetResult();
        while (!release.Token.IsCancellationRequested)
        {
            await Task.Delay(100);
        }
    }
}
