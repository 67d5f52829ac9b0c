namespace Storefront;

/// <summary>Sends an order's receipt; the buggy send retries until something cancels it, and nothing does.</summary>
public sealed class ReceiptMailer(StoreOptions options)
{
    public async Task SendAsync(int orderId, CancellationToken cancellationToken) =>
        await Task.Delay(TimeSpan.FromMilliseconds(5), cancellationToken);

    public async Task SendUntilDeliveredAsync(int orderId)
    {
        // The mail server never answers: the send retries until the test releases it.
        while (!options.LeakRelease.IsCancellationRequested)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50));
        }
    }
}
