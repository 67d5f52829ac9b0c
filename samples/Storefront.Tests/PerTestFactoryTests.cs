using System.Net;
using System.Net.Http.Json;
using TaskLeakAssert.AspNetCore;
using Xunit;

namespace Storefront.Tests;

/// <summary>A factory per test, checked at its end: the shop's framework work never fails the check.</summary>
[Collection(StorefrontFactory.Collection)]
public sealed class PerTestFactoryTests
{
    public static TheoryData<int> Orders() => new() { 1, 2, 3 };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task An_order_is_placed_and_read_back_and_the_shop_shuts_down_cleanly(int id)
    {
        // begin-snippet: storefront-per-test
        await using var factory = new StorefrontFactory().WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();

        (await client.PostAsync($"/orders/{id}", content: null)).EnsureSuccessStatusCode();
        var order = await client.GetFromJsonAsync<Order>($"/orders/{id}");

        Assert.Equal("placed", order!.Status);
        await factory.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(2));
        // end-snippet
    }

    [Fact]
    public async Task The_health_check_reads_the_database()
    {
        await using var factory = new StorefrontFactory().WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();

        Assert.Equal("Healthy", await client.GetStringAsync("/health"));
        await factory.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task The_rate_limiter_turns_a_burst_away()
    {
        // Five permits a minute: the burst is turned away however slowly a loaded machine sends it.
        await using var factory = new StorefrontFactory { RequestsPerWindow = 5, RateLimitWindow = TimeSpan.FromMinutes(1) }.WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();

        var statuses = await Task.WhenAll(Enumerable.Range(0, 20).Select(async _ => (await client.GetAsync("/orders/404")).StatusCode));

        Assert.Equal(15, statuses.Count(s => s == HttpStatusCode.TooManyRequests));
        await factory.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(2));
    }
}
