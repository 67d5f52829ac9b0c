using System.Threading.Channels;

namespace TaskLeakAssert.Benchmarks.Suite;

/// <summary>A job worker: consumers read work items from a channel and handle each with async code, until the channel completes.</summary>
public sealed class JobWorker(int consumers, Func<int, CancellationToken, Task> handle) : IAsyncDisposable
{
    private readonly Channel<int> _items = Channel.CreateUnbounded<int>();
    private readonly CancellationTokenSource _stop = new();
    private Task _consumers = Task.CompletedTask;

    public void Start() =>
        _consumers = Task.WhenAll(Enumerable.Range(0, consumers).Select(_ => Task.Run(() => ConsumeAsync(_stop.Token))));

    public ValueTask EnqueueAsync(int item) => _items.Writer.WriteAsync(item);

    /// <summary>No more items: the consumers finish what is queued and end.</summary>
    public Task DrainAsync()
    {
        _items.Writer.TryComplete();
        return _consumers;
    }

    public async ValueTask DisposeAsync()
    {
        _items.Writer.TryComplete();
        await _stop.CancelAsync();
        try
        {
            await _consumers;
        }
        catch (OperationCanceledException)
        {
        }

        _stop.Dispose();
    }

    private async Task ConsumeAsync(CancellationToken cancellationToken)
    {
        await foreach (int item in _items.Reader.ReadAllAsync(cancellationToken))
        {
            await handle(item, cancellationToken);
        }
    }
}
