using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>An IHostedLifecycleService that does everything right: its work ends when stopping begins.</summary>
public sealed class LifecycleService : IHostedLifecycleService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task? _work;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _work = WorkAsync(_stopping.Token);
        return Task.CompletedTask;
    }

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => _stopping.CancelAsync();

    public Task StopAsync(CancellationToken cancellationToken) => _work ?? Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static async Task WorkAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            await Task.Delay(20, CancellationToken.None);
        }
    }
}
