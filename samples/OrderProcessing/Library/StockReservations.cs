namespace OrderProcessing.Library;

/// <summary>Reserves stock for placed orders in the background until it is disposed.</summary>
public sealed class StockReservations : IDisposable
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly SemaphoreSlim _requested = new(0);

    public int Reserved { get; private set; }

    public void Start() => _ = PumpAsync();

    public void Request() => _requested.Release();

    // begin-snippet: undisposed-owner-pump
    // The pump passes its token: it ends the moment someone cancels it, which only Dispose does.
    private async Task PumpAsync()
    {
        try
        {
            while (true)
            {
                await _requested.WaitAsync(_stopping.Token);
                Reserved++;
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    public void Dispose() => _stopping.Cancel();
    // end-snippet
}
