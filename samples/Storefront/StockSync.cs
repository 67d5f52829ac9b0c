using Microsoft.EntityFrameworkCore;

namespace Storefront;

/// <summary>Reads the stock levels every few milliseconds, as a sync with a warehouse would.</summary>
public sealed class StockSync(IServiceScopeFactory scopes, StoreOptions options) : BackgroundService
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>
    /// Completes once ExecuteAsync runs. Since .NET 10 a BackgroundService starts it on the thread pool after StartAsync
    /// has returned, and a stop that comes first cancels it before it ever runs: a test that plants this bug waits
    /// for it before shutting down.
    /// </summary>
    public Task Running => _running.Task;

    /// <summary>How many times the stock was read.</summary>
    public int Syncs { get; private set; }

    // begin-snippet: storefront-stock-sync
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _running.TrySetResult();

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
