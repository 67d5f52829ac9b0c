using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskLeakAssert.FluentAssertions.Tests;

/// <summary>A pump that ends with the host, and one whose loop outlives it (until the test releases it).</summary>
public sealed class Pumps : IDisposable
{
    private readonly CancellationTokenSource _release = new();

    public static TaskLeakOptions Short => new() { Timeout = TimeSpan.FromMilliseconds(300) };

    public CancellationToken Release => _release.Token;

    public IHost Host(bool leaky)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromMilliseconds(500));
        builder.Services.AddSingleton(this);
        if (leaky)
        {
            builder.Services.AddHostedService<LeakyPump>();
        }

        return builder.Build();
    }

    public async Task LoopAsync()
    {
        while (!Release.IsCancellationRequested)
        {
            await Task.Delay(20);
        }
    }

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }

    private sealed class LeakyPump(Pumps pumps) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = pumps.LoopAsync();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
