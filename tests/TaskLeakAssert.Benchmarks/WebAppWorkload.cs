using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Storefront;
using TaskLeakAssert.AspNetCore;
using TaskLeakAssert.Hosting;

namespace TaskLeakAssert.Benchmarks;

/// <summary>
/// Figure 7: one test of the Storefront sample's suite, as a user writes it, with the check and without: a factory
/// of its own, requests through rate limiting, OpenTelemetry, EF Core on SQLite and the health check, then shutdown.
/// </summary>
public static class WebAppWorkload
{
    /// <summary>Orders placed and read back per test.</summary>
    public const int Orders = 10;

    /// <summary>Without the library: the factory, the requests, the factory's disposal.</summary>
    public static async Task UntrackedAsync()
    {
        await using var factory = new ShopFactory();
        using var client = factory.CreateClient();
        await ExerciseAsync(client);
    }

    /// <summary>With the check: tracked from the start, shut down and checked with the recommended calls.</summary>
    public static async Task TrackedAsync()
    {
        await using var shop = new ShopFactory();
        var factory = shop.WithTaskLeakTracking();
        await factory.StartTrackedAsync();
        using var client = factory.CreateClient();
        await ExerciseAsync(client);
        await factory.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(5));
    }

    private static async Task ExerciseAsync(HttpClient client)
    {
        for (int id = 1; id <= Orders; id++)
        {
            (await client.PostAsync($"/orders/{id}", content: null)).EnsureSuccessStatusCode();
            (await client.GetAsync($"/orders/{id}")).EnsureSuccessStatusCode();
        }

        (await client.GetAsync("/health")).EnsureSuccessStatusCode();
    }

    /// <summary>The shop with a database of its own, deleted at disposal. Any type of the app's assembly names its entry point.</summary>
    private sealed class ShopFactory : WebApplicationFactory<StoreOptions>
    {
        static ShopFactory()
        {
            // A test project gets the app's content root from Mvc.Testing's build step; this program names it itself.
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_STOREFRONT", AppContext.BaseDirectory);
            Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_Storefront", AppContext.BaseDirectory);
        }

        private readonly string _database = Path.Combine(Path.GetTempPath(), $"storefront-bench-{Guid.NewGuid():N}.db");

        public override async ValueTask DisposeAsync()
        {
            await base.DisposeAsync();
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            File.Delete(_database);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder) =>
            builder.ConfigureLogging(logging => logging.ClearProviders()).ConfigureTestServices(services =>
            {
                services.AddSingleton(new StoreOptions { Database = _database });
                services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
            });
    }
}
