using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskLeakAssert.Hosting.Tests.Services;
using Xunit;

namespace TaskLeakAssert.Hosting.Tests;

/// <summary>Bad input gets a clear exception; a host that never reports its own stop is caught.</summary>
public sealed class HostMisuseTests : IDisposable
{
    private readonly TestRelease _release = new();

    public void Dispose() => _release.Dispose();

    [Fact]
    public async Task A_null_host_is_rejected_by_name()
    {
        Assert.Equal("host", (await Assert.ThrowsAsync<ArgumentNullException>(() => HostTrackingExtensions.ShouldShutDownCleanlyAsync(null!))).ParamName);
        Assert.Equal("host", (await Assert.ThrowsAsync<ArgumentNullException>(() => HostTrackingExtensions.StopAndReportAsync(null!))).ParamName);
        Assert.Equal("host", (await Assert.ThrowsAsync<ArgumentNullException>(() => HostTrackingExtensions.StartTrackedAsync(null!))).ParamName);
    }

    [Fact]
    public async Task Null_options_are_rejected_by_name()
    {
        using var host = TestHosts.Build(_release, _ => { });

        Assert.Equal("options", (await Assert.ThrowsAsync<ArgumentNullException>(() => host.ShouldShutDownCleanlyAsync((TaskLeakOptions)null!))).ParamName);
    }

    [Fact]
    public async Task A_disposed_host_says_to_check_before_disposing()
    {
        var host = TestHosts.Build(_release, _ => { });
        host.Dispose();

        var error = await Assert.ThrowsAsync<ObjectDisposedException>(() => host.ShouldShutDownCleanlyAsync());

        Assert.Contains("The host was disposed before it was checked", error.Message);
    }

    [Fact]
    public async Task Checking_a_host_twice_is_an_error_that_says_why()
    {
        using var host = TestHosts.Build(_release, _ => { });
        await host.ShouldShutDownCleanlyAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.ShouldShutDownCleanlyAsync());

        Assert.Contains("already stopped and checked", error.Message);
    }

    [Fact]
    public async Task Starting_tracked_twice_or_after_StartAsync_is_an_error()
    {
        using var tracked = TestHosts.Build(_release, _ => { });
        await tracked.StartTrackedAsync();
        Assert.Contains("already called", (await Assert.ThrowsAsync<InvalidOperationException>(() => tracked.StartTrackedAsync())).Message);
        await tracked.StopAndReportAsync();

        using var plain = TestHosts.Build(_release, _ => { });
        await plain.StartAsync();
        Assert.Contains("Call StartTrackedAsync instead of StartAsync", (await Assert.ThrowsAsync<InvalidOperationException>(() => plain.StartTrackedAsync())).Message);
        await plain.StopAsync();
    }

    [Fact]
    public async Task A_host_whose_ApplicationStopped_never_fires_fails_the_check()
    {
        using var host = new HostThatNeverReportsStopped();

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => host.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout));

        Assert.Equal("IHostApplicationLifetime.ApplicationStopped never fired: the host did not finish its shutdown", Assert.Single(error.ShutdownReport.HostProblems));
    }

    /// <summary>A custom IHost that starts and stops but forgets to signal ApplicationStopped.</summary>
    private sealed class HostThatNeverReportsStopped : IHost
    {
        private readonly ServiceProvider _services;
        private readonly CancellationTokenSource _started = new();

        public HostThatNeverReportsStopped()
        {
            var lifetime = new Lifetime(_started.Token);
            _services = new ServiceCollection().AddSingleton<IHostApplicationLifetime>(lifetime).BuildServiceProvider();
        }

        public IServiceProvider Services => _services;

        public Task StartAsync(CancellationToken cancellationToken = default) => _started.CancelAsync();

        public Task StopAsync(CancellationToken cancellationToken = default) => Task.CompletedTask;

        public void Dispose() => _services.Dispose();

        private sealed class Lifetime(CancellationToken started) : IHostApplicationLifetime
        {
            public CancellationToken ApplicationStarted => started;

            public CancellationToken ApplicationStopping => CancellationToken.None;

            public CancellationToken ApplicationStopped => new CancellationTokenSource().Token;

            public void StopApplication()
            {
            }
        }
    }
}
