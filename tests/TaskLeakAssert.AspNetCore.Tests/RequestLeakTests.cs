using OrdersApi.Tests;
using System.Net;
using Xunit;

namespace TaskLeakAssert.AspNetCore.Tests;

/// <summary>
/// Work a request leaves behind belongs to the test that sent the request (here a plain TaskLeakScope) and its
/// report names the endpoint; work that ends before the verdict is fine.
/// </summary>
[Collection(OrdersApiFactory.Collection)]
public sealed class RequestLeakTests : IDisposable
{
    private static readonly TaskLeakOptions Short = new() { Timeout = TimeSpan.FromMilliseconds(500) };
    private readonly CancellationTokenSource _release = new();

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }

    [Fact]
    public async Task A_fire_and_forget_after_the_response_is_the_tests_leak_and_names_the_endpoint()
    {
        await using var factory = new OrdersApiFactory(fixedCode: false, _release.Token).WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();
        var scope = TaskLeakScope.Begin(options: Short);

        var response = await client.PostAsync("/orders/7", content: null);
        var report = await scope.StopAsync();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async method ConfirmationSender.SendWithoutTimeoutAsync", leak.Description);
        Assert.Equal("request POST /orders/{id:int} (OrderEndpoints.PlaceOrder)", leak.StartedDuring);
        Assert.Contains("During:     request POST /orders/{id:int} (OrderEndpoints.PlaceOrder)", report.ToString());
        Assert.Contains("OrderEndpoints.PlaceOrder in ", leak.CreationStackTrace);
        await _release.CancelAsync();
    }

    [Fact]
    public async Task A_loop_that_ignores_RequestAborted_outlives_the_aborted_request_and_is_named()
    {
        await using var factory = new OrdersApiFactory(fixedCode: false, _release.Token).WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();
        var scope = TaskLeakScope.Begin(options: Short);

        await ReadFirstLineAndHangUpAsync(client, "/orders/7/status-stream");
        var report = await scope.StopAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("request GET /orders/{id:int}/status-stream (OrderEndpoints.StreamStatus)", leak.StartedDuring);
        await _release.CancelAsync();
    }

    [Fact]
    public async Task Two_hundred_requests_to_clean_endpoints_leave_nothing_behind()
    {
        await using var factory = new OrdersApiFactory(fixedCode: true).WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(10) });

        for (int i = 0; i < 100; i++)
        {
            (await client.PostAsync($"/orders/{i}", content: null)).EnsureSuccessStatusCode();
            (await client.GetAsync($"/orders/{i}")).EnsureSuccessStatusCode();
        }

        await ReadFirstLineAndHangUpAsync(client, "/orders/1/status-stream");
        var report = await scope.StopAsync();

        Assert.True(report.IsClean, report.ToString());
        await factory.ShouldShutDownCleanlyAsync();
    }

    [Fact]
    public async Task Tests_in_parallel_each_get_exactly_their_own_requests_leak()
    {
        await using var factory = new OrdersApiFactory(fixedCode: false, _release.Token).WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();

        var reports = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => OneTestAsync(client, leaky: i % 2 == 0)));

        for (int i = 0; i < reports.Length; i++)
        {
            if (i % 2 == 0)
            {
                Assert.Equal("request POST /orders/{id:int} (OrderEndpoints.PlaceOrder)", Assert.Single(reports[i].Leaks).StartedDuring);
            }
            else
            {
                Assert.True(reports[i].IsClean, reports[i].ToString());
            }
        }

        await _release.CancelAsync();
    }

    // One "test": its own scope, its own request.
    private static async Task<TaskLeakReport> OneTestAsync(HttpClient client, bool leaky)
    {
        var scope = TaskLeakScope.Begin(options: Short);
        if (leaky)
        {
            await client.PostAsync("/orders/7", content: null);
        }
        else
        {
            (await client.GetAsync("/orders/7")).EnsureSuccessStatusCode();
        }

        return await scope.StopAsync();
    }

    private static async Task ReadFirstLineAndHangUpAsync(HttpClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        Assert.StartsWith("order ", await reader.ReadLineAsync());
    }
}
