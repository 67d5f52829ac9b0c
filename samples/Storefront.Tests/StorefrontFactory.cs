using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit;

namespace Storefront.Tests;

/// <summary>The shop in memory, with a database of its own and the planted leaks a test asks for.</summary>
public class StorefrontFactory(Leaks leaks = Leaks.None, CancellationToken leakRelease = default) : WebApplicationFactory<Program>
{
    /// <summary>
    /// Factories of one entry point start one after another: WebApplicationFactory builds a minimal-hosting app by
    /// intercepting, process-wide, the next host that entry point builds, so two factories started at the same
    /// moment can swap their configuration.
    /// </summary>
    public const string Collection = "Storefront factories";

    private readonly string _database = Path.Combine(Path.GetTempPath(), $"storefront-{Guid.NewGuid():N}.db");

    /// <summary>The rate limiter's permits per window (<see cref="StoreOptions.RequestsPerWindow"/>).</summary>
    public int RequestsPerWindow { get; init; } = 100;

    /// <summary>The rate limiter's window (<see cref="StoreOptions.RateLimitWindow"/>).</summary>
    public TimeSpan RateLimitWindow { get; init; } = TimeSpan.FromSeconds(1);

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        ConfigureShop(builder);

    /// <summary>The shop's test settings: its own database, the asked-for leaks, a short ShutdownTimeout.</summary>
    protected void ConfigureShop(IWebHostBuilder builder) =>
        builder.ConfigureLogging(logging => logging.ClearProviders()).ConfigureTestServices(services =>
        {
            services.AddSingleton(new StoreOptions { Database = _database, Leaks = leaks, LeakRelease = leakRelease, RequestsPerWindow = RequestsPerWindow, RateLimitWindow = RateLimitWindow });

            // Below the checks' timeouts, as the docs advise: a stuck service must not hold the test for 30 s.
            services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
        });

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_database);
    }
}

[CollectionDefinition(StorefrontFactory.Collection)]
public sealed class StorefrontFactoryCollection;
