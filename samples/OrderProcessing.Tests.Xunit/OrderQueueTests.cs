using FluentAssertions;
using TaskLeakAssert;
using TaskLeakAssert.FluentAssertions;
using TaskLeakAssert.Xunit;
using Xunit;

namespace OrderProcessing.Tests.Xunit;

// begin-snippet: xunit
[AssertNoLeakedTasks]
public class OrderQueueTests
{
    [Fact]
    public async Task Placed_orders_can_be_read_back()
    {
        var queue = new OrderQueue();
        await queue.PlaceAsync(new Order(1, 25m));

        var order = await queue.Reader.ReadAsync();

        Assert.Equal(1, order.Id);
    }
}
// end-snippet

public class OrderQueueScopeTests
{
    [Fact]
    public async Task Processing_an_order_leaves_nothing_running()
    {
        // begin-snippet: scope
        var scope = TaskLeakScope.Begin();

        var queue = new OrderQueue();
        await queue.PlaceAsync(new Order(7, 70m));
        queue.MarkProcessed(await queue.Reader.ReadAsync());

        await scope.AssertNoLeaksAsync();
        // end-snippet
    }

    [Fact]
    public async Task Reading_an_order_does_not_leak_in_FluentAssertions_terms()
    {
        var queue = new OrderQueue();
        await queue.PlaceAsync(new Order(8, 80m));

        // begin-snippet: fluentassertions-function
        Func<Task> readOne = async () => await queue.Reader.ReadAsync();

        await readOne.Should().NotLeakTasksAsync();
        // end-snippet
    }

    [Fact]
    public async Task A_reader_nobody_feeds_is_reported_by_the_detector()
    {
        var queue = new OrderQueue();
        using var gone = new CancellationTokenSource();

        var report = await TaskLeakDetector.RunAsync(
            () => { _ = WaitForAnOrderAsync(queue, gone.Token); return Task.CompletedTask; },
            new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        await gone.CancelAsync();

        report.Leaks.Should().ContainSingle().Which.AwaitChain.Should().EndWith("Channel read (ReadAsync / WaitToReadAsync)");
    }

    private static async Task WaitForAnOrderAsync(OrderQueue queue, CancellationToken token)
    {
        try
        {
            await queue.Reader.ReadAsync(token);
        }
        catch (OperationCanceledException)
        {
        }
    }
}
