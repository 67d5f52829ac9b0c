using Microsoft.Extensions.Hosting;

namespace OrderProcessing.Services;

/// <summary>Tells customers their order was processed, through a mail gateway that acknowledges slowly.</summary>
public sealed class OrderNotifier(OrderQueue queue, SampleOptions options) : IHostedService
{
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _sending = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Fixed)
        {
            queue.OrderProcessed += OnOrderProcessed;
        }
        else
        {
            queue.OrderProcessed += OnOrderProcessedAsync;
        }

        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        queue.OrderProcessed -= OnOrderProcessed;
        queue.OrderProcessed -= OnOrderProcessedAsync;
        await _stopping.CancelAsync();
        Task[] sending;
        lock (_sending)
        {
            sending = [.. _sending];
        }

        await Task.WhenAll(sending).WaitAsync(cancellationToken);
    }

    // begin-snippet: async-void-handler-bug
    // Bug: async void. Nobody can await it, and it waits for an acknowledgement that never comes.
    // (The catch only keeps the demo's own cleanup from crashing the process: an exception escaping
    // an async void method would, which is the other danger of this bug.)
    private async void OnOrderProcessedAsync(object? sender, Order order)
    {
        try
        {
            await WaitForAcknowledgementAsync(order, options.LeakRelease);
        }
        catch (OperationCanceledException)
        {
        }
    }
    // end-snippet

    // begin-snippet: async-void-handler-fix
    // Fixed: the handler keeps the task, and the send observes the service's token.
    private void OnOrderProcessed(object? sender, Order order)
    {
        lock (_sending)
        {
            _sending.Add(SendAsync(order, _stopping.Token));
        }
    }
    // end-snippet

    private async Task SendAsync(Order order, CancellationToken token)
    {
        try
        {
            await WaitForAcknowledgementAsync(order, token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
        }
    }

    // Stands for a mail gateway whose acknowledgement never arrives.
    private static async Task WaitForAcknowledgementAsync(Order order, CancellationToken token)
    {
        var acknowledged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = token.Register(() => acknowledged.TrySetCanceled(token));
        await acknowledged.Task;
    }
}
