using Microsoft.AspNetCore.Hosting;
using TaskLeakAssert.AspNetCore;

namespace Storefront.Tests;

// begin-snippet: storefront-shared-factory
/// <summary>
/// One shop shared by a test class, the most common shape of an ASP.NET Core suite: a factory subclass with
/// helpers of its own, opted in where it configures its host. A test's requests run in that test's scope; the
/// fixture's own work (its hosted services) is the fixture's, checked when xunit disposes it.
/// </summary>
public sealed class SharedShop : StorefrontFactory
{
    public SharedShop()
        : base(Leaks.ReceiptFiredAndForgotten, Release.Token)
    {
    }

    /// <summary>Ends the planted receipt loops once a test has read its report.</summary>
    public static CancellationTokenSource Release { get; } = new();

    /// <summary>A helper of the subclass: what WithTaskLeakTracking's base-typed factory could not offer.</summary>
    public async Task<HttpResponseMessage> PlaceOrderAsync(int id)
    {
        using var client = CreateClient();
        return await client.PostAsync($"/orders/{id}", content: null);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        ConfigureShop(builder);
        builder.UseTaskLeakTracking();
    }
}
// end-snippet
