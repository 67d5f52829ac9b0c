using System.Net;
using TaskLeakAssert;
using Xunit;

namespace Storefront.Tests;

/// <summary>Tests that share one shop: clean requests pass, and a request's leftover work is its own test's.</summary>
[Collection(StorefrontFactory.Collection)]
public sealed class SharedFixtureTests(SharedShop shop) : IClassFixture<SharedShop>
{
    [Fact]
    public async Task Reads_the_health_of_the_shared_shop()
    {
        using var client = shop.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
    }

    [Fact]
    public async Task Reads_an_order_the_database_does_not_have()
    {
        using var client = shop.CreateClient();

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/orders/9999")).StatusCode);
    }

    [Fact]
    public async Task A_request_through_the_shared_shop_that_leaves_work_behind_is_reported_with_its_endpoint()
    {
        // begin-snippet: storefront-shared-request-leak
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(300) });
        var response = await shop.PlaceOrderAsync(Random.Shared.Next(1000, 100_000));
        var report = await scope.StopAsync();

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Contains("During:     request POST /orders/{id:int} (StoreEndpoints.PlaceOrder)", report.ToString());
        // end-snippet
        Assert.Contains("[1] Not completed: async method ReceiptMailer.SendUntilDeliveredAsync", report.ToString());

        // The planted loop ends here, before the test's own check.
        await SharedShop.Release.CancelAsync();
    }
}
