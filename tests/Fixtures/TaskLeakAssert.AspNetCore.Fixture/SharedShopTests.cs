using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Storefront;
using TaskLeakAssert.AspNetCore;
using Xunit;

namespace TaskLeakAssert.AspNetCore.Fixture;

/// <summary>A shop shared by a class, whose receipts are fired and forgotten: a subclass opted in where it configures its host.</summary>
public class LeakyShop : WebApplicationFactory<Program>
{
    private readonly string _database = Path.Combine(Path.GetTempPath(), $"storefront-fixture-{Guid.NewGuid():N}.db");

    public async Task<HttpResponseMessage> PlaceOrderAsync(int id)
    {
        using var client = CreateClient();
        return await client.PostAsync($"/orders/{id}", content: null);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseTaskLeakTracking();
        builder.ConfigureLogging(logging => logging.ClearProviders()).ConfigureTestServices(services =>
        {
            services.AddSingleton(new StoreOptions { Database = _database, Leaks = Leaks.ReceiptFiredAndForgotten });
            services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromMilliseconds(500));
        });
    }
}

/// <summary>The same shop, whose own code places an order while it warms up: no test sent that request.</summary>
public sealed class WarmedUpShop : LeakyShop
{
    public WarmedUpShop() => PlaceOrderAsync(1).GetAwaiter().GetResult().EnsureSuccessStatusCode();
}

public sealed class SharedShopTests(LeakyShop shop) : IClassFixture<LeakyShop>
{
    [Fact]
    public async Task Reads_the_health_of_the_shared_shop()
    {
        using var client = shop.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
    }

    [Fact]
    public async Task Places_an_order_whose_receipt_outlives_the_test()
    {
        var response = await shop.PlaceOrderAsync(7);
        response.EnsureSuccessStatusCode();
    }
}

public sealed class WarmedUpShopTests(WarmedUpShop shop) : IClassFixture<WarmedUpShop>
{
    [Fact]
    public async Task Reads_the_health_of_the_warmed_up_shop()
    {
        using var client = shop.CreateClient();
        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
    }
}
