using System.Diagnostics;
using System.Threading.RateLimiting;
using Microsoft.EntityFrameworkCore;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Storefront;

/// <summary>
/// The shop as a real app wires it: a partitioned rate limiter, OpenTelemetry tracing and metrics, EF Core on
/// SQLite and health checks. Each of these keeps framework work of its own alive while the app runs.
/// </summary>
public static class StorefrontApp
{
    /// <summary>Builds the app; <paramref name="configure"/> runs last, for tests that bind it elsewhere (Kestrel on a free port).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        var options = builder.Configuration.GetSection("Storefront").Get<StoreOptions>() ?? new StoreOptions();
        builder.Services.AddSingleton(options);
        builder.Services.AddDbContext<StoreDb>((services, db) => db.UseSqlite($"Data Source={services.GetRequiredService<StoreOptions>().Database}"));
        builder.Services.AddHostedService<DatabaseSetup>();
        builder.Services.AddHostedService<StockSync>();
        builder.Services.AddSingleton<ReceiptMailer>();
        builder.Services.AddHealthChecks().AddDbContextCheck<StoreDb>();

        // A limiter per client: ASP.NET Core keeps a replenishing timer for it while the app runs.
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                RateLimitPartition.GetFixedWindowLimiter(
                    context.Connection.RemoteIpAddress?.ToString() ?? "in-memory",
                    _ => new FixedWindowRateLimiterOptions
                    {
                        PermitLimit = context.RequestServices.GetRequiredService<StoreOptions>().RequestsPerWindow,
                        Window = context.RequestServices.GetRequiredService<StoreOptions>().RateLimitWindow,
                    }));
        });

        // Exported in memory, as a test setup would; a real app sends them to a collector.
        var spans = new List<Activity>();
        var metrics = new List<Metric>();
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("Storefront"))
            .WithTracing(tracing => tracing.AddAspNetCoreInstrumentation().AddInMemoryExporter(spans))
            .WithMetrics(meters => meters.AddAspNetCoreInstrumentation().AddInMemoryExporter(metrics));

        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseRateLimiter();
        app.MapStore();
        return app;
    }
}
