using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>A BackgroundService whose StartAsync override forgets base.StartAsync: its ExecuteAsync never runs.</summary>
public sealed class NeverExecutingService : BackgroundService
{
    public override Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            await Task.Delay(20, stoppingToken);
        }
    }
}
