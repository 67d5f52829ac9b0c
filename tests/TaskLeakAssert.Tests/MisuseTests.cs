using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>Bad input and misuse get a clear exception or a documented behaviour, never a hang.</summary>
public sealed class MisuseTests : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(30);
    private readonly Leaks _leaks = new();

    public void Dispose() => _leaks.Dispose();

    [Fact]
    public async Task A_null_body_is_rejected_by_name()
    {
        var run = await Assert.ThrowsAsync<ArgumentNullException>(() => TaskLeakDetector.RunAsync(null!));
        var assert = await Assert.ThrowsAsync<ArgumentNullException>(() => TaskLeakDetector.AssertNoLeakedTasksAsync(null!));

        Assert.Equal("body", run.ParamName);
        Assert.Equal("body", assert.ParamName);
    }

    [Fact]
    public async Task A_body_that_returns_null_instead_of_a_task_says_so()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TaskLeakDetector.RunAsync(() => null!).WaitAsync(HangGuard));

        Assert.Contains("returned null instead of a Task", error.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    public void A_timeout_that_is_not_positive_is_rejected_with_the_fix(int milliseconds)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(milliseconds) });

        Assert.Contains("Timeout must be positive", error.Message);
        Assert.Contains("TaskLeakOptions.Timeout = TimeSpan.FromSeconds(5)", error.Message);
    }

    [Fact]
    public void A_negative_or_infinite_starvation_grace_is_rejected_with_the_fix_and_zero_turns_it_off()
    {
        var negative = Assert.Throws<ArgumentOutOfRangeException>(() => new TaskLeakOptions { StarvationGrace = TimeSpan.FromSeconds(-1) });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaskLeakOptions { StarvationGrace = Timeout.InfiniteTimeSpan });

        Assert.Contains("use TimeSpan.Zero to turn it off", negative.Message);
        Assert.Equal(TimeSpan.Zero, new TaskLeakOptions { StarvationGrace = TimeSpan.Zero }.StarvationGrace);
        Assert.Equal(TimeSpan.FromSeconds(60), new TaskLeakOptions().StarvationGrace);
    }

    [Fact]
    public void An_infinite_timeout_is_rejected_because_it_could_hang_the_run()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaskLeakOptions { Timeout = Timeout.InfiniteTimeSpan });
        Assert.Throws<ArgumentOutOfRangeException>(() => new TaskLeakOptions { Timeout = TimeSpan.MaxValue });
    }

    [Fact]
    public void A_null_time_provider_is_rejected()
    {
        var error = Assert.Throws<ArgumentNullException>(() => new TaskLeakOptions { TimeProvider = null! });
        Assert.Contains("TimeProvider.System", error.Message);
    }

    [Fact]
    public void A_TaskLeakException_needs_a_report()
    {
        Assert.Throws<ArgumentNullException>(() => new TaskLeakException(null!));
    }

    [Fact]
    public async Task StopAsync_twice_returns_the_same_report()
    {
        var scope = TaskLeakScope.Begin();
        var first = await scope.StopAsync();
        var second = await scope.StopAsync();

        Assert.Same(first, second);
    }

    [Fact]
    public async Task Disposing_a_scope_that_was_not_stopped_ends_tracking_without_a_verdict()
    {
        var scope = TaskLeakScope.Begin();
        _ = _leaks.PumpAsync();
        await scope.DisposeAsync();

        Assert.Null(TaskLeakScope.Current);
        var error = Assert.Throws<ObjectDisposedException>(() => { _ = scope.StopAsync(); });
        Assert.Contains(nameof(TaskLeakScope), error.Message);
    }

    [Fact]
    public async Task Disposing_after_stopping_is_harmless()
    {
        var scope = TaskLeakScope.Begin();
        var report = await scope.StopAsync();
        await scope.DisposeAsync();

        Assert.Same(report, await scope.StopAsync());
    }

    [Fact]
    public async Task Nested_scopes_the_innermost_unfinished_scope_owns_a_new_task()
    {
        var outer = TaskLeakScope.Begin("outer", Leaks.Short);
        var inner = TaskLeakScope.Begin("inner", Leaks.Short);
        Assert.Same(inner, TaskLeakScope.Current);
        _ = _leaks.PumpAsync();
        var innerReport = await inner.StopAsync();

        Assert.Same(outer, TaskLeakScope.Current);
        _ = _leaks.DelayForeverAsync();
        var outerReport = await outer.StopAsync();

        Assert.Equal("async method Leaks.PumpAsync", Assert.Single(innerReport.Leaks).Description);
        Assert.Equal("async method Leaks.DelayForeverAsync", Assert.Single(outerReport.Leaks).Description);
        Assert.Null(TaskLeakScope.Current);
    }

    [Fact]
    public async Task A_body_that_throws_still_gets_checked_and_then_its_exception_propagates()
    {
        int stopped = 0;
        var options = Leaks.Short;
        options.IgnoreWhen.Add(_ => Interlocked.Increment(ref stopped) < 0);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TaskLeakDetector.RunAsync(
            async () =>
            {
                _ = _leaks.PumpAsync();
                await Task.Yield();
                throw new InvalidOperationException("body failed");
            },
            options).WaitAsync(HangGuard));

        Assert.Equal("body failed", error.Message);
        // The predicate judged the body's leak: the verdict ran (the wait may ask it too, while the loop runs).
        Assert.True(stopped > 0, "the verdict never judged the body's leak");
    }

    [Fact]
    public async Task A_canceled_stop_throws_and_ends_the_scope()
    {
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMinutes(1) });
        _ = _leaks.PumpAsync();
        using var cts = new CancellationTokenSource();
        var stop = scope.StopAsync(cts.Token);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => stop.WaitAsync(HangGuard));
        Assert.Null(TaskLeakScope.Current);
    }

    [Fact]
    public async Task AssertNoLeakedTasksAsync_throws_a_TaskLeakException_whose_message_is_the_report()
    {
        var error = await Assert.ThrowsAsync<TaskLeakException>(() =>
            TaskLeakDetector.AssertNoLeakedTasksAsync(() => { _ = _leaks.PumpAsync(); return Task.CompletedTask; }, Leaks.Short));

        Assert.False(error.Report.IsClean);
        Assert.Equal(error.Report.ToString(), error.Message);
    }

    [Fact]
    public async Task Options_changed_after_Begin_do_not_change_the_scope()
    {
        var options = new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(3) };
        var scope = TaskLeakScope.Begin(options: options);
        options.Timeout = TimeSpan.FromSeconds(9);

        Assert.Equal(TimeSpan.FromSeconds(3), scope.Options.Timeout);
        await scope.StopAsync();
    }
}
