using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>A plain IHostedService whose StartAsync fires and forgets a loop that StopAsync never ends.</summary>
public sealed class FireAndForgetService(TestRelease release) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        _ = LoopAsync();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private async Task LoopAsync()
    {
        while (!release.Token.IsCancellationRequested)
        {
            await Task.Delay(50);
        }
    }
}
