using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskLeakAssert.Hosting.Tests.Services;
using Xunit;

namespace TaskLeakAssert.Hosting.Tests;

/// <summary>Every way of building and starting a host works, and hosts checked side by side do not blame each other.</summary>
public sealed class HostEntryPointTests : IDisposable
{
    private readonly TestRelease _release = new();

    public void Dispose() => _release.Dispose();

    [Fact]
    public async Task A_host_from_Host_CreateDefaultBuilder_is_checked_too()
    {
        using var clean = DefaultBuilderHost(s => s.AddHostedService<WellBehavedService>());
        using var leaky = DefaultBuilderHost(s => s.AddHostedService<FireAndForgetService>());

        await clean.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout);
        var error = await Assert.ThrowsAsync<HostShutdownException>(() => leaky.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout));
        Assert.Equal("FireAndForgetService", Assert.Single(error.ShutdownReport.Services, s => !s.IsClean).Name);
    }

    [Fact]
    public async Task A_host_started_with_plain_StartAsync_is_still_checked_through_its_services()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<TokenIgnoringService>());
        await host.StartAsync();
        await TestHosts.RunningAsync(host);

        var report = await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TestHosts.CheckTimeout });

        Assert.False(report.WasTracked);
        Assert.StartsWith("ExecuteAsync still running", Assert.Single(Assert.Single(report.Services).Problems));
        Assert.Contains(report.Notes, n => n.StartsWith("The host was started with StartAsync, not StartTrackedAsync: tasks started outside a scope were not tracked.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ten_hosts_checked_in_parallel_only_the_leaky_one_fails()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 10).Select(i => Task.Run(async () =>
        {
            using var host = TestHosts.Build(_release, s =>
            {
                s.AddHostedService<WellBehavedService>();
                if (i == 7)
                {
                    s.AddHostedService<FireAndForgetService>();
                }
            });
            await host.StartTrackedAsync();
            await Task.Delay(50);
            return await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TestHosts.CheckTimeout });
        })));

        for (int i = 0; i < results.Length; i++)
        {
            Assert.True(results[i].IsClean == (i != 7), $"host {i}: {results[i]}");
        }

        Assert.Equal("async method FireAndForgetService.LoopAsync", Assert.Single(results[7].Services[1].Leaks).Description);
    }

    private IHost DefaultBuilderHost(Action<IServiceCollection> services) =>
        Host.CreateDefaultBuilder()
            .ConfigureLogging(l => l.ClearProviders())
            .ConfigureServices(s =>
            {
                s.AddSingleton(_release);
                s.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(1));
                services(s);
            })
            .Build();
}
