using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using TaskLeakAssert.Hosting.Tests.Services;
using Xunit;

namespace TaskLeakAssert.Hosting.Tests;

/// <summary>Real hosts with real hosted services: the verdict and its wording for each way a service stops badly or well.</summary>
public sealed class HostShutdownTests : IDisposable
{
    private readonly TestRelease _release = new();

    public void Dispose() => _release.Dispose();

    [Fact]
    public async Task A_well_behaved_BackgroundService_shuts_down_cleanly()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<WellBehavedService>());

        await host.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout);
    }

    [Fact]
    public async Task A_BackgroundService_blocked_in_a_synchronous_wait_says_what_it_is_blocked_in()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<BlockingService>());
        await host.StartTrackedAsync();
        await TestHosts.RunningAsync(host);

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => host.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout));

        string problem = Assert.Single(Assert.Single(error.ShutdownReport.Services).Problems);
        Assert.Matches(
            @"; running on a thread, likely blocked in ManualResetEventSlim\.Wait on _signal \(never set\) in BlockingService\.ExecuteAsync \(BlockingService\.cs:\d+\)$",
            problem);
        Assert.StartsWith("It blocks its thread in a synchronous wait that nothing releases", Assert.Single(error.Report.Leaks).Hint);
    }

    [Fact]
    public async Task What_the_work_a_failed_host_check_reported_starts_later_does_not_fail_the_scope_around_it_again()
    {
        var around = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(1) });
        using var host = TestHosts.Build(_release, s => s.AddHostedService<TokenIgnoringService>());
        await host.StartTrackedAsync();
        await TestHosts.RunningAsync(host);
        await Assert.ThrowsAsync<HostShutdownException>(() => host.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout));

        // Two more rounds: the loop has started a Task.Delay after the host's check.
        var service = host.Services.GetServices<IHostedService>().OfType<TokenIgnoringService>().Single();
        await service.NextRound.WaitAsync(TimeSpan.FromSeconds(30));
        await service.NextRound.WaitAsync(TimeSpan.FromSeconds(30));
        var report = await around.StopAsync();

        Assert.True(report.IsClean, report.ToString());
        Assert.Matches(@"not counted: \d+ tasks? started, after scope 'host' ended, by work that scope owns \(its own check covers it\)\.", report.NotesText);
        Assert.True(report.Waited < report.Timeout, $"waited {report.Waited}");
    }

    [Fact]
    public async Task A_BackgroundService_ignoring_stoppingToken_fails_and_says_where_it_is_stuck()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<TokenIgnoringService>());
        await host.StartTrackedAsync();
        await TestHosts.RunningAsync(host);

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => host.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout));

        var service = Assert.Single(error.ShutdownReport.Services);
        string problem = Assert.Single(service.Problems);
        Assert.Matches(
            @"^ExecuteAsync still running \d+(\.\d+)? s after StopAsync — it never observes stoppingToken; suspended at an await on Task\.Delay in TokenIgnoringService\.ExecuteAsync \(TokenIgnoringService\.cs:\d+\)$",
            problem);
        Assert.StartsWith("The host did not shut down cleanly: 1 problem, 1 leaked task", error.Message);
        Assert.Contains("TokenIgnoringService (BackgroundService): ExecuteAsync still running", error.Message);
        Assert.Equal("async method TokenIgnoringService.ExecuteAsync", Assert.Single(service.Leaks).Description);
        Assert.Equal(TaskStatus.WaitingForActivation, service.ExecuteTaskStatus);
        Assert.False(error.ShutdownReport.StopTimedOut);
        Assert.True(error.ShutdownReport.ApplicationStoppedFired);
        Assert.Same(error.ShutdownReport.TaskReport, error.Report);
    }

    [Fact]
    public async Task A_loop_fired_and_forgotten_in_StartAsync_is_attributed_to_its_service()
    {
        using var host = TestHosts.Build(_release, s =>
        {
            s.AddHostedService<WellBehavedService>();
            s.AddHostedService<FireAndForgetService>();
        });
        await host.StartTrackedAsync();
        await TestHosts.RunningAsync(host);

        var report = await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TestHosts.CheckTimeout });

        Assert.False(report.IsClean);
        Assert.True(report.Services[0].IsClean);
        var leaky = report.Services[1];
        Assert.Equal("FireAndForgetService", leaky.Name);
        Assert.Equal("IHostedService", leaky.Kind);
        Assert.Empty(leaky.Problems);
        Assert.Equal("async method FireAndForgetService.LoopAsync", Assert.Single(leaky.Leaks).Description);
        Assert.Contains("FireAndForgetService (IHostedService): left 1 task running", report.ToString());
        Assert.Empty(report.OtherLeaks);
    }

    [Fact]
    public async Task A_service_that_throws_from_StopAsync_fails_the_check()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<ThrowingStopService>());

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => host.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout));

        Assert.Equal("StopAsync threw InvalidOperationException: flush failed", Assert.Single(Assert.Single(error.ShutdownReport.Services).Problems));
    }

    [Fact]
    public async Task A_service_that_throws_from_StoppingAsync_fails_the_check_naming_that_method()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<ThrowingLifecycleService>());

        var error = await Assert.ThrowsAsync<HostShutdownException>(() => host.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout));

        var service = Assert.Single(error.ShutdownReport.Services);
        Assert.Equal("IHostedLifecycleService", service.Kind);
        Assert.Equal("StoppingAsync threw InvalidOperationException: drain failed", Assert.Single(service.Problems));
    }

    [Fact]
    public async Task A_timer_that_is_never_disposed_is_reported_at_its_source_with_the_work_it_keeps_running()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<TimerService>());
        await host.StartTrackedAsync();
        await TestHosts.RunningAsync(host);

        var report = await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TestHosts.CheckTimeout });

        // The timer is named at its source, whether or not one of its polls was unfinished at the deadline.
        var leaks = Assert.Single(report.Services).Leaks;
        var timer = leaks[0];
        Assert.Equal(LeakKind.StillFiring, timer.Kind);
        Assert.Equal("Timer calling lambda in TimerService.StartAsync", timer.Description);
        Assert.StartsWith("still scheduled at the verdict, firing every 50 ms: ", timer.State);
        Assert.Contains("TimerService.cs:", timer.CreationStackTrace);
        Assert.All(leaks.Skip(1), l => Assert.Equal("async method TimerService.PollAsync", l.Description));
        Assert.Contains("TimerService (IHostedService): left ", report.ToString());
        Assert.Contains("a timer firing", report.ToString());
    }

    [Fact]
    public async Task A_BackgroundService_whose_ExecuteAsync_never_ran_is_named_as_not_checked()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<NeverExecutingService>().AddHostedService<WellBehavedService>());
        await host.StartTrackedAsync();

        var report = await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TestHosts.CheckTimeout });

        Assert.True(report.IsClean, report.ToString());
        Assert.Contains(
            "not checked: the ExecuteAsync of NeverExecutingService never ran (ExecuteTask is null): the host never started it, or a StartAsync override does not call base.StartAsync.",
            report.Notes);
        Assert.DoesNotContain(report.Notes, n => n.Contains(nameof(WellBehavedService), StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_well_behaved_IHostedLifecycleService_shuts_down_cleanly()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<LifecycleService>());

        await host.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout);
    }

    [Fact]
    public async Task A_faulted_ExecuteAsync_fails_the_check_with_its_exception()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<FaultingService>());
        await host.StartTrackedAsync();
        await TestHosts.RunningAsync(host);

        var report = await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TestHosts.CheckTimeout });

        Assert.Matches(@"^ExecuteAsync faulted with InvalidOperationException at FaultingService\.ExecuteAsync in FaultingService\.cs:\d+: queue unreachable$", Assert.Single(Assert.Single(report.Services).Problems));
    }

    [Fact]
    public async Task A_loop_that_used_a_disposed_object_after_the_stop_is_told_it_never_stopped_at_stoppingToken()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<UsesDisposedAfterStopService>());
        await host.StartTrackedAsync();
        await TestHosts.RunningAsync(host);

        var report = await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TestHosts.CheckTimeout });

        Assert.Matches(
            @"(?s)^ExecuteAsync faulted with ObjectDisposedException at UsesDisposedAfterStopService\.ExecuteAsync in UsesDisposedAfterStopService\.cs:\d+: .* Its loop went on after the host began to stop and used an object that was already disposed; it never stopped at stoppingToken\. Pass stoppingToken to every wait in the loop and check it",
            Assert.Single(Assert.Single(report.Services).Problems));
    }

    [Fact]
    public async Task Shutdown_requested_by_StopApplication_inside_a_service_is_checked_cleanly()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<SelfStoppingService>());
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        await host.StartTrackedAsync();
        await TestHosts.RunningAsync(host);

        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await host.ShouldShutDownCleanlyAsync(TestHosts.CheckTimeout);
    }

    [Fact]
    public async Task A_host_with_no_services_shuts_down_cleanly()
    {
        using var host = TestHosts.Build(_release, _ => { });

        var report = await host.StopAndReportAsync();

        Assert.True(report.IsClean, report.ToString());
        Assert.Empty(report.Services);
        Assert.StartsWith("The host shut down cleanly", report.ToString());
    }

    [Fact]
    public async Task StopAsync_that_outlasts_the_check_fails_and_names_the_long_ShutdownTimeout()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<TokenIgnoringService>(), shutdownTimeout: TimeSpan.FromSeconds(30));
        await host.StartTrackedAsync();
        await TestHosts.RunningAsync(host);

        var report = await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(1) });

        Assert.True(report.StopTimedOut);
        Assert.Equal(
            "IHost.StopAsync did not return within 1 s; HostOptions.ShutdownTimeout is 30 s, longer than this check waits (set it below the assertion timeout in tests)",
            Assert.Single(report.HostProblems));
    }
}
