using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskLeakAssert;
using TaskLeakAssert.AspNetCore;
using TaskLeakAssert.Hosting;
using Xunit;

namespace OrdersApi.Tests;

/// <summary>The orders API in memory: the fixed code passes; each bug is caught, and these tests read its report.</summary>
[Collection(OrdersApiFactory.Collection)]
public sealed class OrdersApiTests : IDisposable
{
    private readonly CancellationTokenSource _release = new();

    // The buggy variants' loops end here, before the test's own check.
    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }

    [Fact]
    public async Task The_fixed_api_shuts_down_cleanly()
    {
        // begin-snippet: aspnetcore-factory
        await using var factory = new OrdersApiFactory(fixedCode: true).WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();

        (await client.PostAsync("/orders/1", content: null)).EnsureSuccessStatusCode();

        await factory.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(2));
        // end-snippet
    }

    [Fact]
    public async Task Work_a_request_fires_and_forgets_is_reported_with_its_endpoint()
    {
        await using var factory = new OrdersApiFactory(fixedCode: false, _release.Token).WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();

        // begin-snippet: aspnetcore-request-leak
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        var response = await client.PostAsync("/orders/7", content: null);
        var report = await scope.StopAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("During:     request POST /orders/{id:int} (OrderEndpoints.PlaceOrder)", report.ToString());
        // end-snippet
        Assert.Contains("[1] Not completed: async method ConfirmationSender.SendWithoutTimeoutAsync", report.ToString());
    }

    [Fact]
    public async Task A_loop_that_ignores_RequestAborted_is_reported_with_its_endpoint()
    {
        await using var factory = new OrdersApiFactory(fixedCode: false, _release.Token).WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(500) });

        using (var response = await client.GetAsync("/orders/7/status-stream", HttpCompletionOption.ResponseHeadersRead))
        {
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
            Assert.Equal("order 7: placed", await reader.ReadLineAsync());
        }

        var report = await scope.StopAsync();

        Assert.Contains("During:     request GET /orders/{id:int}/status-stream (OrderEndpoints.StreamStatus)", report.ToString());
    }

    [Fact]
    public async Task A_hosted_service_that_ignores_stoppingToken_fails_the_shutdown_check()
    {
        await using var factory = new OrdersApiFactory(fixedCode: false, _release.Token);
        await factory.StartTrackedAsync();
        await factory.Services.GetServices<IHostedService>().OfType<OrderExpiryService>().Single().Running.WaitAsync(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => factory.ShouldShutDownCleanlyAsync(TimeSpan.FromMilliseconds(500)));

        Assert.Contains("OrderExpiryService (BackgroundService): ExecuteAsync still running", error.Message);
    }
}
