namespace OrdersApi;

/// <summary>Expires unpaid orders every few milliseconds.</summary>
public sealed class OrderExpiryService(ApiOptions options) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once ExecuteAsync runs. Since .NET 10 a BackgroundService starts it on the thread pool after StartAsync
    /// has returned, and a stop that comes first cancels it before it ever runs: a test that plants this bug waits
    /// for it before shutting down.
    /// </summary>
    public Task Running => _running.Task;

    // begin-snippet: web-ignored-stopping-token
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running.TrySetResult();

        // Bug: the loop never looks at stoppingToken. Fixed: it does.
        var token = options.Fixed ? stoppingToken : options.LeakRelease;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await Task.Delay(Interval, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
    // end-snippet
}
