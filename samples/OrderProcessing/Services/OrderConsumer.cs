using Microsoft.Extensions.Hosting;

namespace OrderProcessing.Services;

/// <summary>Takes orders off the channel-fed queue.</summary>
public sealed class OrderConsumer(OrderQueue queue, SampleOptions options) : BackgroundService, IRunningSignal
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task Running => _running.Task;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Running once the loop waits for its first order (an order placed earlier is read on another stack).
        if (options.Fixed)
        {
            return Signaled(ConsumeAsync(stoppingToken));
        }

        // Not part of the bug: lets the demo and the tests end the leaked read after it was reported.
        options.LeakRelease.Register(queue.Close);
        return Signaled(ConsumeIgnoringShutdownAsync());
    }

    // begin-snippet: channel-consumer-fix
    // Fixed: the token ends the wait for the next order.
    private async Task ConsumeAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var order in queue.Reader.ReadAllAsync(stoppingToken))
            {
                queue.MarkProcessed(order);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
    // end-snippet

    // begin-snippet: channel-consumer-bug
    // Bug: waits for the next order on a channel nobody completes, without the host's token.
    private async Task ConsumeIgnoringShutdownAsync()
    {
        while (await queue.Reader.WaitToReadAsync())
        {
            while (queue.Reader.TryRead(out var order))
            {
                queue.MarkProcessed(order);
            }
        }
    }
    // end-snippet

    // The loop has run to its first wait: the reports' creation sites are then the same for every order.
    private Task Signaled(Task consuming)
    {
        _running.TrySetResult();
        return consuming;
    }
}
