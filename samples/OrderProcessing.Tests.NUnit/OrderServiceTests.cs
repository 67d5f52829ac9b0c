using NUnit.Framework;
using TaskLeakAssert;
using TaskLeakAssert.Hosting;

namespace OrderProcessing.Tests.NUnit;

/// <summary>Every test here is checked by the assembly-level [AssertNoLeakedTasks].</summary>
[TestFixture]
public class OrderServiceTests
{
    private CancellationTokenSource _release = null!;

    [SetUp]
    public void CreateRelease() => _release = new CancellationTokenSource();

    // The buggy variant's loops outlive its host; end them before the test's own check.
    [TearDown]
    public void EndLeaks()
    {
        _release.Cancel();
        _release.Dispose();
    }

    [Test]
    public async Task The_fixed_service_shuts_down_cleanly()
    {
        using var host = OrderProcessingHost.Build(new SampleOptions { Fixed = true });
        await host.StartTrackedAsync();
        await OrderProcessingHost.ExerciseAsync(host);

        await host.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(10));
    }

    [Test]
    public async Task The_consumer_that_ignores_shutdown_is_caught()
    {
        using var host = OrderProcessingHost.Build(new SampleOptions { LeakRelease = _release.Token }, typeof(Services.OrderConsumer));
        await host.StartTrackedAsync(new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(1) });
        await OrderProcessingHost.ExerciseAsync(host);

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => host.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(1)));

        Assert.That(error!.Message, Does.Contain("OrderConsumer (BackgroundService): ExecuteAsync still running"));
        Assert.That(error.Message, Does.Contain("Fix:        The read waits for an item that does not come, and nobody completes the channel"));
    }

    [Test]
    public async Task Orders_flow_through_the_queue()
    {
        var queue = new OrderQueue();
        await queue.PlaceAsync(new Order(3, 30m));

        Assert.That((await queue.Reader.ReadAsync()).Amount, Is.EqualTo(30m));
    }
}
