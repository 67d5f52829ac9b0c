using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OrdersApi;
using TaskLeakAssert.Hosting;
using Xunit;

namespace TaskLeakAssert.AspNetCore.Tests;

/// <summary>
/// A real server: the sample's endpoints in a WebApplication on Kestrel, bound to 127.0.0.1 port 0, started
/// with TaskLeakAssert.Hosting's StartTrackedAsync and nothing registered in the app for it. Requests come over
/// real keep-alive connections, which are still open when the check runs.
/// </summary>
public sealed class KestrelTests : IDisposable
{
    private readonly CancellationTokenSource _release = new();

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }

    [Fact]
    public async Task A_clean_app_is_clean_after_two_hundred_requests_with_keep_alive_connections_still_open()
    {
        await using var app = BuildApp(fixedCode: true, default);
        await app.StartTrackedAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        for (int i = 0; i < 100; i++)
        {
            (await client.PostAsync($"/orders/{i}", content: null)).EnsureSuccessStatusCode();
            (await client.GetAsync($"/orders/{i}")).EnsureSuccessStatusCode();
        }

        var report = await app.StopAndReportAsync(new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(5) });

        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.TaskReport.TrackedCount > 200, $"only {report.TaskReport.TrackedCount} tasks tracked: the requests did not run in the host's scope");
    }

    [Fact]
    public async Task A_leaky_endpoint_hit_over_a_real_connection_is_caught_and_named()
    {
        await using var app = BuildApp(fixedCode: false, _release.Token);
        await app.StartTrackedAsync();
        using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

        var response = await client.PostAsync("/orders/7", content: null);
        var error = await Assert.ThrowsAsync<HostShutdownException>(() => app.ShouldShutDownCleanlyAsync(TimeSpan.FromMilliseconds(500)));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Contains("async method ConfirmationSender.SendWithoutTimeoutAsync", error.Message);
        Assert.Contains("During:     request POST /orders/{id:int} (OrderEndpoints.PlaceOrder)", error.Message);
        await _release.CancelAsync();
    }

    private static WebApplication BuildApp(bool fixedCode, CancellationToken release)
    {
        var builder = WebApplication.CreateBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new ApiOptions { Fixed = fixedCode, LeakRelease = release });
        builder.Services.AddSingleton<ConfirmationSender>();
        builder.Services.AddHostedService<OrderExpiryService>();
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
        var app = builder.Build();
        app.MapOrders();
        return app;
    }
}
