using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OrdersApi;
using Xunit;

namespace OrdersApi.Tests;

/// <summary>The sample API in memory, fixed or with its bugs; the buggy loops end when the test releases them.</summary>
public sealed class OrdersApiFactory(bool fixedCode, CancellationToken leakRelease = default) : WebApplicationFactory<Program>
{
    /// <summary>
    /// Tests that start factories of the same entry point run one after another: WebApplicationFactory builds a
    /// minimal-hosting app by intercepting, process-wide, the next host that entry point builds, so two
    /// factories started at the same moment can swap their configuration (measured: a buggy factory checked
    /// clean in 2 of 8 runs with these classes in parallel, in none of 10 since).
    /// </summary>
    public const string Collection = "OrdersApi factories";

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureTestServices(services =>
        {
            services.AddSingleton(new ApiOptions { Fixed = fixedCode, LeakRelease = leakRelease });

            // Below the checks' timeouts, as the docs advise: a stuck service must not hold the test for 30 s.
            services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(1));
        });
}

[CollectionDefinition(OrdersApiFactory.Collection)]
public sealed class OrdersApiFactoryCollection;
