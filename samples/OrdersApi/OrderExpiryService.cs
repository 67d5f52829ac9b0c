namespace OrdersApi;

/// <summary>Expires unpaid orders every few milliseconds.</summary>
public sealed class OrderExpiryService(ApiOptions options) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    // begin-snippet: web-ignored-stopping-token
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
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
