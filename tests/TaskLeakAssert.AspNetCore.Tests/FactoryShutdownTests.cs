using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrdersApi;
using OrdersApi.Tests;
using TaskLeakAssert.Hosting;
using Xunit;

namespace TaskLeakAssert.AspNetCore.Tests;

/// <summary>A WebApplicationFactory shut down the way it does itself, and checked per hosted service.</summary>
[Collection(OrdersApiFactory.Collection)]
public sealed class FactoryShutdownTests : IDisposable
{
    private readonly CancellationTokenSource _release = new();

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }

    [Fact]
    public async Task A_clean_app_shuts_down_cleanly_and_the_call_alone_starts_it_tracked()
    {
        var factory = new OrdersApiFactory(fixedCode: true);

        var report = await factory.StopAndReportAsync();

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.WasTracked);
        Assert.Contains(report.Services, s => s.Name == "OrderExpiryService" && s.IsClean);
    }

    [Fact]
    public async Task A_hosted_service_that_ignores_stoppingToken_is_named_in_the_failure()
    {
        var factory = new OrdersApiFactory(fixedCode: false, _release.Token);
        await factory.StartTrackedAsync();
        await factory.Services.GetServices<IHostedService>().OfType<OrderExpiryService>().Single().Running.WaitAsync(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => factory.ShouldShutDownCleanlyAsync(TimeSpan.FromMilliseconds(500)));

        Assert.Contains("OrderExpiryService (BackgroundService): ExecuteAsync still running", error.Message);
        Assert.Contains("Not completed: async method OrderExpiryService.ExecuteAsync", error.Message);
    }

    [Fact]
    public async Task A_server_started_by_CreateClient_first_is_checked_untracked_and_says_so()
    {
        var factory = new OrdersApiFactory(fixedCode: true);
        using var client = factory.CreateClient();

        var report = await factory.StopAndReportAsync();

        Assert.False(report.WasTracked);
        Assert.Contains(report.Notes, n => n.Contains("was started before TaskLeakAssert saw it", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartTrackedAsync_after_CreateClient_says_what_to_do()
    {
        await using var factory = new OrdersApiFactory(fixedCode: true);
        using var client = factory.CreateClient();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => factory.StartTrackedAsync());

        Assert.Contains("Call `await factory.StartTrackedAsync()` before anything else uses the factory", error.Message);
    }

    [Fact]
    public async Task A_null_or_disposed_factory_gets_a_clear_exception()
    {
        var factory = new OrdersApiFactory(fixedCode: true);
        await factory.DisposeAsync();

        await Assert.ThrowsAsync<ArgumentNullException>(() => ((OrdersApiFactory)null!).ShouldShutDownCleanlyAsync());
        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => factory.ShouldShutDownCleanlyAsync());
        Assert.Contains("was disposed before it was checked", error.Message);
    }
}
