namespace OrdersApi;

/// <summary>Sends an order confirmation; the mail server is slow.</summary>
public sealed class ConfirmationSender(ApiOptions options)
{
    private int _sent;

    public int Sent => Volatile.Read(ref _sent);

    public async Task SendAsync(int orderId, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(orderId);
        await Task.Delay(TimeSpan.FromMilliseconds(50), cancellationToken);
        Interlocked.Increment(ref _sent);
    }

    // The slow path the buggy endpoint hits: the mail server never answers, and nothing cancels the wait.
    public async Task SendWithoutTimeoutAsync(int orderId)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(orderId);
        await Task.Delay(Timeout.Infinite, options.LeakRelease);
    }
}
