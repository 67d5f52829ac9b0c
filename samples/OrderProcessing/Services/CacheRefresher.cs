using Microsoft.Extensions.Hosting;

namespace OrderProcessing.Services;

/// <summary>Refreshes the product cache from a timer; a refresh is a slow call, so refreshes overlap.</summary>
public sealed class CacheRefresher(SampleOptions options) : IHostedService, IRunningSignal
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _inFlight = [];
    private Timer? _timer;

    public Task Running => _running.Task;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _timer = new Timer(_ => Refresh(), null, TimeSpan.Zero, TimeSpan.FromMilliseconds(50));
        options.LeakRelease.Register(() => _timer.Dispose());
        return Task.CompletedTask;
    }

    // begin-snippet: undisposed-timer
    // Bug: the timer is never disposed, so refreshes keep starting after shutdown.
    // Fixed: dispose the timer, cancel the refreshes still running, and wait for them.
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (!options.Fixed)
        {
            return;
        }

        await _timer!.DisposeAsync();
        await _stopping.CancelAsync();
        Task[] inFlight;
        lock (_inFlight)
        {
            inFlight = [.. _inFlight];
        }

        await Task.WhenAll(inFlight).WaitAsync(cancellationToken);
    }
    // end-snippet

    private void Refresh()
    {
        var token = options.Fixed ? _stopping.Token : options.LeakRelease;
        lock (_inFlight)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            _inFlight.Add(LoadProductsAsync(token));
        }

        _running.TrySetResult();
    }

    // Stands for a slow call to the product service.
    private static async Task LoadProductsAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
