using Microsoft.Extensions.Hosting;

namespace OrderProcessing.Services;

/// <summary>Polls the payment provider for settled payments.</summary>
public sealed class PaymentPoller(SampleOptions options) : BackgroundService, IRunningSignal
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Running => _running.Task;

    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(100);

    public int Polls { get; private set; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running.TrySetResult();
        return options.Fixed ? PollAsync(stoppingToken) : PollIgnoringShutdownAsync();
    }

    // begin-snippet: ignored-stopping-token-fix
    // Fixed: the periodic timer observes the token.
    private async Task PollAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                Polls++;
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
    // end-snippet

    // begin-snippet: ignored-stopping-token-bug
    // Bug: the loop never looks at stoppingToken, so the host's StopAsync gives up on it silently.
    private async Task PollIgnoringShutdownAsync()
    {
        while (!options.Released)
        {
            Polls++;
            await Task.Delay(Interval);
        }
    }
    // end-snippet
}
