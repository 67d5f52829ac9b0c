using System.Threading.Channels;

namespace OrderProcessing;

/// <summary>The in-memory queue between the shop and the workers, and the event raised per processed order.</summary>
public sealed class OrderQueue
{
    private readonly Channel<Order> _orders = Channel.CreateUnbounded<Order>();
    private int _processed;

    public event EventHandler<Order>? OrderProcessed;

    public ChannelReader<Order> Reader => _orders.Reader;

    public int ProcessedCount => Volatile.Read(ref _processed);

    public ValueTask PlaceAsync(Order order) => _orders.Writer.WriteAsync(order);

    /// <summary>No more orders: readers waiting for the next one see the end of the queue.</summary>
    public void Close() => _orders.Writer.TryComplete();

    public void MarkProcessed(Order order)
    {
        Interlocked.Increment(ref _processed);
        OrderProcessed?.Invoke(this, order);
    }
}
