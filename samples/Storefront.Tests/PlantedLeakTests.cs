using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskLeakAssert;
using TaskLeakAssert.AspNetCore;
using TaskLeakAssert.Hosting;
using Xunit;

namespace Storefront.Tests;

/// <summary>Each planted leak is caught with its route or service, while the framework's own work never is.</summary>
[Collection(StorefrontFactory.Collection)]
public sealed class PlantedLeakTests : IDisposable
{
    private readonly CancellationTokenSource _release = new();

    // The planted loops end here, before the test's own check.
    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }

    [Fact]
    public async Task A_receipt_fired_and_forgotten_is_reported_with_its_endpoint()
    {
        await using var factory = new StorefrontFactory(Leaks.ReceiptFiredAndForgotten, _release.Token).WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();

        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/orders/3", content: null)).StatusCode);
        var report = await scope.StopAsync();

        Assert.Contains("During:     request POST /orders/{id:int} (StoreEndpoints.PlaceOrder)", report.ToString());
        Assert.Contains("[1] Not completed: async method ReceiptMailer.SendUntilDeliveredAsync", report.ToString());
    }

    [Fact]
    public async Task An_update_stream_that_ignores_RequestAborted_is_reported_with_its_endpoint()
    {
        await using var factory = new StorefrontFactory(Leaks.UpdatesIgnoreRequestAborted, _release.Token).WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(300) });

        using (var response = await client.GetAsync("/orders/4/updates", HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.Equal("order 4: placed", await reader.ReadLineAsync());
        }

        var report = await scope.StopAsync();

        Assert.Contains("During:     request GET /orders/{id:int}/updates (StoreEndpoints.StreamUpdates)", report.ToString());
    }

    [Fact]
    public async Task A_stock_sync_that_ignores_stoppingToken_fails_the_shutdown_check()
    {
        await using var factory = new StorefrontFactory(Leaks.StockSyncIgnoresStoppingToken, _release.Token).WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        await factory.Services.GetServices<IHostedService>().OfType<StockSync>().Single().Running.WaitAsync(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => factory.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(2)));

        // Still running, or (when its loop woke after the factory disposed the app's services) faulted with
        // ObjectDisposedException: either way the report names the service and the token it ignores.
        Assert.Matches(@"(?s)StockSync \(BackgroundService\): ExecuteAsync (still running|faulted with ObjectDisposedException).*?stoppingToken", error.Message);

        // The framework's own work is never among the problems: only the planted service is.
        Assert.Equal(["StockSync"], error.ShutdownReport.Services.Where(s => !s.IsClean).Select(s => s.Name));
        Assert.Empty(error.ShutdownReport.OtherLeaks);
    }
}
