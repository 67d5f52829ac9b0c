using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>Finishes its job, asks the host to stop with StopApplication(), and honors stoppingToken.</summary>
public sealed class SelfStoppingService(IHostApplicationLifetime lifetime) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Delay(20, stoppingToken);
        lifetime.StopApplication();
        await Task.Delay(Timeout.Infinite, stoppingToken);
    }
}
