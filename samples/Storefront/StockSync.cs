using Microsoft.EntityFrameworkCore;

namespace Storefront;

/// <summary>Reads the stock levels every few milliseconds, as a sync with a warehouse would.</summary>
public sealed class StockSync(IServiceScopeFactory scopes, StoreOptions options) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    /// <summary>How many times the stock was read.</summary>
    public int Syncs { get; private set; }

    // begin-snippet: storefront-stock-sync
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Bug: the loop never looks at stoppingToken. Fixed: it does.
        var token = options.Leaks.HasFlag(Leaks.StockSyncIgnoresStoppingToken) ? options.LeakRelease : stoppingToken;
        try
        {
            while (!token.IsCancellationRequested)
            {
                await using (var scope = scopes.CreateAsyncScope())
                {
                    await scope.ServiceProvider.GetRequiredService<StoreDb>().Stock.CountAsync(token);
                }

                Syncs++;
                await Task.Delay(Interval, token);
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }
    // end-snippet
}
