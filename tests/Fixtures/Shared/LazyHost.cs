using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TaskLeakAssert.Fixtures;

/// <summary>
/// A real generic host that a shared fixture builds and starts lazily, on the first test that asks for it,
/// and stops when disposed: the host's own machinery and its BackgroundService loop start inside that test.
/// </summary>
public class LazyHost : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private IHost? _host;

    public async Task<IHost> GetAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_host is null)
            {
                var builder = Host.CreateApplicationBuilder();
                builder.Logging.ClearProviders();
                builder.Services.AddHostedService<TickingService>();
                _host = builder.Build();
                await _host.StartAsync();
            }

            return _host;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose()
    {
        if (_host is { } host)
        {
            host.StopAsync().GetAwaiter().GetResult();
            host.Dispose();
        }

        _gate.Dispose();
        GC.SuppressFinalize(this);
    }

    /// <summary>A well-behaved service: it ticks until the host stops it.</summary>
    private sealed class TickingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            try
            {
                while (true)
                {
                    await Task.Delay(10, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
            }
        }
    }
}
