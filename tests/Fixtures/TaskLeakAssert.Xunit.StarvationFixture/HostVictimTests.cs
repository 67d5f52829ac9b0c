using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TaskLeakAssert.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace TaskLeakAssert.Xunit.StarvationFixture;

/// <summary>
/// A clean host stopped while another test starves the pool: its stop needs pool threads for a few hops, so it
/// returns only after the hog lets go, well past the check's 500 ms timeout. The host check must not blame the host.
/// </summary>
public class HostVictimTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Stops_a_clean_host_while_another_test_starves_the_pool()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddHostedService<HopsOnStop>();
        using var host = builder.Build();
        await host.StartTrackedAsync();
        PoolStall.VictimsStarted.Signal();
        Assert.True(PoolStall.Stalled.Wait(TimeSpan.FromSeconds(60)), "the hog never started");

        var stopping = host.StopAndReportAsync(new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        PoolStall.VictimsQueued.Signal();
        var report = await stopping;

        output.WriteLine(string.Join(Environment.NewLine, report.Notes));
        Assert.True(report.IsClean, report.ToString());
    }

    /// <summary>
    /// Stops cleanly, after a few hops through the pool, as real stops do (a flush, a disposal, a log write). Each hop
    /// is queued fairly, behind the hog's blockers: none runs while the pool is stalled, so the stop does not make the
    /// pool look alive to the other victims' checks, and once the hog lets go the check's old pool timer would win.
    /// </summary>
    private sealed class HopsOnStop : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public async Task StopAsync(CancellationToken cancellationToken)
        {
            for (int hop = 0; hop < 20; hop++)
            {
                await Task.Factory.StartNew(() => { }, CancellationToken.None, TaskCreationOptions.PreferFairness, TaskScheduler.Default);
            }
        }
    }
}
