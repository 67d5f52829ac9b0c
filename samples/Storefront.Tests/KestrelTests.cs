using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskLeakAssert.Hosting;
using Xunit;

namespace Storefront.Tests;

/// <summary>The shop on Kestrel, on a free port of 127.0.0.1, started tracked and checked at its shutdown.</summary>
public sealed class KestrelTests : IDisposable
{
    private readonly CancellationTokenSource _release = new();
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"storefront-{Guid.NewGuid():N}.db");

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }

    [Fact]
    public async Task The_shop_on_Kestrel_serves_requests_and_shuts_down_cleanly()
    {
        // begin-snippet: storefront-kestrel
        await using var app = Shop(Leaks.None);
        await app.StartTrackedAsync();
        using var client = new HttpClient { BaseAddress = Address(app) };

        (await client.PostAsync("/orders/1", content: null)).EnsureSuccessStatusCode();
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));

        await app.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(2));
        // end-snippet
    }

    [Fact]
    public async Task A_request_on_Kestrel_that_leaves_work_behind_fails_the_shutdown_check_with_its_endpoint()
    {
        await using var app = Shop(Leaks.ReceiptFiredAndForgotten);
        await app.StartTrackedAsync();
        using var client = new HttpClient { BaseAddress = Address(app) };

        Assert.Equal(HttpStatusCode.Created, (await client.PostAsync("/orders/2", content: null)).StatusCode);

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => app.ShouldShutDownCleanlyAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Contains("During:     request POST /orders/{id:int} (StoreEndpoints.PlaceOrder)", error.Message);
    }

    [Fact]
    public async Task A_hosted_service_that_ignores_stoppingToken_fails_the_shutdown_check_by_name()
    {
        await using var app = Shop(Leaks.StockSyncIgnoresStoppingToken);
        await app.StartTrackedAsync();
        await app.Services.GetServices<IHostedService>().OfType<StockSync>().Single().Running.WaitAsync(TimeSpan.FromSeconds(30));

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => app.ShouldShutDownCleanlyAsync(TimeSpan.FromMilliseconds(500)));
        Assert.Contains("StockSync (BackgroundService): ExecuteAsync still running", error.Message);
    }

    private WebApplication Shop(Leaks leaks) => StorefrontApp.Build([], builder =>
    {
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(new StoreOptions { Database = _database, Leaks = leaks, LeakRelease = _release.Token });
        builder.Services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
    });

    private static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
}
