using Microsoft.Extensions.Hosting;
using TaskLeakAssert.Hosting;
using TaskLeakAssert.XunitV3;
using Xunit;

namespace OrderProcessing.Tests.XunitV3;

// begin-snippet: xunit-v3-lifetime
/// <summary>The host starts in InitializeAsync and stops in DisposeAsync: the check comes after that teardown.</summary>
public sealed class OrderServiceLifetimeTests : IAsyncLifetime
{
    private readonly IHost _host = OrderProcessingHost.Build(new SampleOptions { Fixed = true });

    public async ValueTask InitializeAsync() => await _host.StartAsync(TestContext.Current.CancellationToken);

    [Fact]
    public async Task Orders_are_processed()
    {
        await OrderProcessingHost.ExerciseAsync(_host);
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync(CancellationToken.None);
        _host.Dispose();
    }
}
// end-snippet

/// <summary>A test that leaves work running on purpose says why, and the reason shows in its output.</summary>
public sealed class BuggyServiceTests : IDisposable
{
    private readonly CancellationTokenSource _release = new();

    // begin-snippet: xunit-opt-out
    [Fact]
    [AllowLeakedTasks("the buggy services outlive their failed shutdown: this test checks that report")]
    public async Task The_buggy_service_is_reported()
    {
        using var host = OrderProcessingHost.Build(new SampleOptions { Fixed = false, LeakRelease = _release.Token });
        await host.StartTrackedAsync(cancellationToken: TestContext.Current.CancellationToken);
        await OrderProcessingHost.ExerciseAsync(host);

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => host.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(1)));

        Assert.Contains("PaymentPoller (BackgroundService): ExecuteAsync still running", error.Message);
    }
    // end-snippet

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }
}
