using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskLeakAssert.Hosting.Tests.Services;

namespace TaskLeakAssert.Hosting.Tests;

/// <summary>Real hosts for the tests: Host.CreateApplicationBuilder, no logging, a 1 s ShutdownTimeout unless said otherwise.</summary>
public static class TestHosts
{
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Waits until every service that signals it has really started its work.</summary>
    public static Task RunningAsync(IHost host) =>
        Task.WhenAll(host.Services.GetServices<IHostedService>().OfType<IRunningSignal>().Select(s => s.Running)).WaitAsync(TimeSpan.FromSeconds(30));

    public static IHost Build(TestRelease release, Action<IServiceCollection> services, TimeSpan? shutdownTimeout = null)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(release);
        builder.Services.Configure<HostOptions>(o =>
        {
            o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(1);
            o.BackgroundServiceExceptionBehavior = BackgroundServiceExceptionBehavior.Ignore;
        });
        services(builder.Services);
        return builder.Build();
    }
}
