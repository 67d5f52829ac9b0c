namespace OrderProcessing.Library;

/// <summary>Helpers the tests use to wait for orders.</summary>
public static class OrderWaits
{
    // begin-snippet: continuation-after-await
    // After its first await, the helper attaches a log line to a task that may never end, and forgets it: a
    // caller that passes CancellationToken.None and never completes `processed` leaks the continuation.
    public static async Task LogWhenProcessedAsync(OrderQueue queue, Task processed, TextWriter log, CancellationToken token)
    {
        await Task.Yield();
        _ = processed.ContinueWith(_ => log.WriteLine($"{queue.ProcessedCount} orders processed"), token, TaskContinuationOptions.None, TaskScheduler.Default);
    }
    // end-snippet
}
