using Microsoft.Extensions.Hosting;

namespace OrderProcessing.Services;

/// <summary>Forwards audit entries to the audit store.</summary>
public sealed class AuditForwarder(SampleOptions options) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;

    // begin-snippet: fire-and-forget-task-run
    // Bug: fire-and-forget; nothing keeps the task, nothing stops the loop.
    // Fixed: keep the task, give the loop a token, cancel and await it in StopAsync.
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Fixed)
        {
            _loop = Task.Run(() => ForwardAsync(_stopping.Token), CancellationToken.None);
        }
        else
        {
            _ = Task.Run(ForwardForeverAsync);
        }

        return Task.CompletedTask;
    }
    // end-snippet

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        await _loop.WaitAsync(cancellationToken);
    }

    private async Task ForwardAsync(CancellationToken token)
    {
        while (!token.IsCancellationRequested)
        {
            await Task.Delay(50, CancellationToken.None);
        }
    }

    private async Task ForwardForeverAsync()
    {
        while (!options.Released)
        {
            await Task.Delay(50);
        }
    }
}
