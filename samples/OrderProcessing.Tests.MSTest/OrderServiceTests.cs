using Microsoft.Extensions.Hosting;
using TaskLeakAssert;
using TaskLeakAssert.Hosting;
using TaskLeakAssert.MSTest;

namespace OrderProcessing.Tests.MSTest;

// begin-snippet: mstest-lifetime
/// <summary>The host starts in [TestInitialize] and stops in [TestCleanup]: the check comes after that teardown.</summary>
[TestClass]
public sealed class OrderServiceLifetimeTests
{
    private readonly IHost _host = OrderProcessingHost.Build(new SampleOptions { Fixed = true });

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public async Task StartAsync() => await _host.StartAsync(TestContext.CancellationToken);

    [TestMethod]
    public async Task Orders_are_processed()
    {
        await OrderProcessingHost.ExerciseAsync(_host);
    }

    [TestCleanup]
    public async Task StopAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
// end-snippet

[TestClass]
public sealed class OrderServiceTests : IDisposable
{
    private readonly CancellationTokenSource _release = new();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task The_fixed_service_shuts_down_cleanly()
    {
        using var host = OrderProcessingHost.Build(new SampleOptions { Fixed = true });
        await host.StartTrackedAsync(cancellationToken: TestContext.CancellationToken);
        await OrderProcessingHost.ExerciseAsync(host);

        await host.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(10));
    }

    // begin-snippet: mstest-opt-out
    [TestMethod]
    [AllowLeakedTasks("the buggy services outlive their failed shutdown: this test checks that report")]
    public async Task The_buggy_service_is_reported()
    {
        using var host = OrderProcessingHost.Build(new SampleOptions { Fixed = false, LeakRelease = _release.Token });
        await host.StartTrackedAsync(cancellationToken: TestContext.CancellationToken);
        await OrderProcessingHost.ExerciseAsync(host);

        var error = await Assert.ThrowsExactlyAsync<HostShutdownException>(() => host.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(1)));

        Assert.Contains("PaymentPoller (BackgroundService): ExecuteAsync still running", error.Message);
    }
    // end-snippet

    [TestMethod]
    public async Task Orders_flow_through_the_queue()
    {
        var queue = new OrderQueue();
        await queue.PlaceAsync(new Order(3, 30m));

        Assert.AreEqual(30m, (await queue.Reader.ReadAsync(TestContext.CancellationToken)).Amount);
    }

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }
}

// begin-snippet: mstest-class-fixture
/// <summary>
/// A host shared by the class: started in [ClassInitialize], before any test's scope, inside a scope of its
/// own that [ClassCleanup] checks after stopping the host. A leak there fails the class's cleanup result.
/// </summary>
[TestClass]
public sealed class SharedHostTests
{
    private static IHost s_host = null!;
    private static TaskLeakScope s_hostScope = null!;

    [ClassInitialize]
    public static async Task StartHostAsync(TestContext context)
    {
        s_hostScope = TaskLeakScope.Begin("SharedHostTests host");
        s_host = OrderProcessingHost.Build(new SampleOptions { Fixed = true });
        await s_host.StartAsync(context.CancellationToken);
    }

    [TestMethod]
    public async Task Orders_are_processed_by_the_shared_host()
    {
        await OrderProcessingHost.ExerciseAsync(s_host);
    }

    [ClassCleanup]
    public static async Task StopHostAsync()
    {
        await s_host.StopAsync(CancellationToken.None);
        s_host.Dispose();
        await s_hostScope.AssertNoLeaksAsync();
    }
}
// end-snippet
