namespace OrderProcessing.Library;

/// <summary>Prints shipping labels once the printer reports ready; wraps a blocking driver API.</summary>
public sealed class LabelPrinter(SampleOptions options)
{
    private readonly ManualResetEventSlim _printerReady = new();

    public int Printed { get; private set; }

    public void PrinterReady() => _printerReady.Set();

    // begin-snippet: blocking-wait
    // Bug: blocks a pool thread until the printer is ready, and nothing can stop the wait.
    // Fixed: the wait takes the token, so shutdown ends it.
    public Task PrintWhenReadyAsync(Order order, CancellationToken stoppingToken) => Task.Run(() =>
    {
        if (options.Fixed)
        {
            _printerReady.Wait(stoppingToken);
        }
        else
        {
            _printerReady.Wait();
        }

        Printed++;
    });
    // end-snippet
}
