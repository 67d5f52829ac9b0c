using Microsoft.Extensions.DependencyInjection;
using TaskLeakAssert.Hosting.Tests.Services;
using Xunit;

namespace TaskLeakAssert.Hosting.Tests;

/// <summary>Options given to the check apply to that check, whatever was given where tracking began.</summary>
public sealed class CheckOptionsTests : IDisposable
{
    private readonly TestRelease _release = new();

    public void Dispose() => _release.Dispose();

    [Fact]
    public async Task Ignore_rules_given_to_the_check_apply_to_it()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<FireAndForgetService>());
        await host.StartTrackedAsync();
        await TestHosts.RunningAsync(host);

        var options = new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(300) };
        options.IgnoredMethods.Add("FireAndForgetService.LoopAsync");
        await host.ShouldShutDownCleanlyAsync(options);
    }

    [Fact]
    public async Task Ignore_rules_given_where_tracking_began_still_apply_when_the_check_gets_a_timeout()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<FireAndForgetService>());
        var start = new TaskLeakOptions();
        start.IgnoredMethods.Add("LoopAsync");
        await host.StartTrackedAsync(start);
        await TestHosts.RunningAsync(host);

        await host.ShouldShutDownCleanlyAsync(TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Turning_stack_capture_off_at_the_check_throws_and_says_where_it_belongs()
    {
        using var host = TestHosts.Build(_release, s => s.AddHostedService<WellBehavedService>());
        await host.StartTrackedAsync();

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => host.ShouldShutDownCleanlyAsync(new TaskLeakOptions { CaptureStackTraces = false }));

        Assert.Equal("CaptureStackTraces = false cannot apply at the check: creation stacks are captured while tasks are tracked. Pass it where tracking begins, to host.StartTrackedAsync(options).", error.Message);
    }
}
