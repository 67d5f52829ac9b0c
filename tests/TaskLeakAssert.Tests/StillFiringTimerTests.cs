using TaskLeakAssert.Runtime;
using TaskLeakAssert.Tracking;
using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>
/// A timer that keeps starting work after the check began is named at its source, whether or not one of its
/// runs happened to be unfinished at the deadline; the runtime's own timers (delays, timeouts) never are.
/// </summary>
[Collection(nameof(WithoutRuntimeInternalsTests))]
public sealed class StillFiringTimerTests : IDisposable
{
    private readonly Leaks _leaks = new();
    private readonly List<IDisposable> _timers = [];

    public void Dispose()
    {
        _timers.ForEach(t => t.Dispose());
        _leaks.Dispose();
    }

    [Fact]
    public async Task A_periodic_timer_never_disposed_is_reported_where_it_was_created_even_when_its_runs_end_at_once()
    {
        int line = 0;
        var report = await TaskLeakDetector.RunAsync(
            () =>
            {
                line = Leaks.Here() + 1;
                _timers.Add(new Timer(_ => _ = Task.Run(() => { }), null, 0, 20));
                return Task.CompletedTask;
            },
            Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.True(LeakKind.StillFiring == leak.Kind, report.ToString());
        Assert.Equal("Timer calling lambda in StillFiringTimerTests.A_periodic_timer_never_disposed_is_reported_where_it_was_created_even_when_its_runs_end_at_once", leak.Description);
        Assert.StartsWith("still scheduled at the verdict, firing every 20 ms: ", leak.State);
        Assert.Contains($"StillFiringTimerTests.cs:{line}", leak.CreationStackTrace);
        Assert.Contains("Dispose the timer on shutdown", leak.Hint);
        Assert.StartsWith("TLA004 (TaskLeakAssert.Analyzers) finds this at compile time", leak.StaticCheck);
        Assert.StartsWith("1 timer still firing in scope", report.ToString());
        Assert.Contains("[1] Still firing: Timer calling", report.ToString());
    }

    [Fact]
    public async Task The_timer_comes_first_and_its_runs_during_the_wait_are_counted()
    {
        // The body waits until a pump's task exists (its run returned it), not until the pump began: a timer's run is
        // no task, so a verdict that began between the two would see nothing running. The pump never ends, so the
        // wait lasts to its deadline, long enough for a 25 ms timer to fire on a loaded machine.
        var pumpStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var report = await TaskLeakDetector.RunAsync(
            async () =>
            {
                _timers.Add(new Timer(
                    _ =>
                    {
                        _ = _leaks.PumpAsync();
                        pumpStarted.TrySetResult();
                    },
                    null,
                    0,
                    25));
                await pumpStarted.Task;
            },
            new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(2) });

        Assert.True(LeakKind.StillFiring == report.Leaks[0].Kind, report.ToString());
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(report.Leaks[0].State, @"firing every 25 ms: \d+ runs? during the [\d.]+ m?s wait$"), report.ToString());
        Assert.DoesNotContain("no run", report.Leaks[0].State);
        Assert.Contains(report.Leaks, l => l.Description == "async method Leaks.PumpAsync");
        Assert.Matches(@"^\d+ leaked tasks? and 1 timer still firing in scope", report.ToString());
    }

    [Fact]
    public async Task A_one_shot_timer_its_callback_arms_again_is_reported_as_armed_again_after_each_run()
    {
        Timer? timer = null;
        var armedTwice = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        int runs = 0;
        var report = await TaskLeakDetector.RunAsync(
            async () =>
            {
                timer = new Timer(_ =>
                {
                    timer!.Change(20, Timeout.Infinite);
                    if (Interlocked.Increment(ref runs) == 2)
                    {
                        armedTwice.TrySetResult();
                    }
                });
                _timers.Add(timer);
                timer.Change(0, Timeout.Infinite);
                await armedTwice.Task;
            },
            Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(LeakKind.StillFiring, leak.Kind);
        Assert.Contains("armed again after each run", leak.State);
    }

    [Fact]
    public async Task A_timer_disposed_before_the_verdict_is_clean()
    {
        var fired = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var report = await TaskLeakDetector.RunAsync(
            async () =>
            {
                using var timer = new Timer(_ => fired.TrySetResult(), null, 0, 10);
                await fired.Task;
            },
            Leaks.Short);

        Assert.True(report.IsClean, report.ToString());
    }

    [Fact]
    public async Task The_runtime_own_timers_are_not_timers_of_the_scope()
    {
        CancellationTokenSource? undisposed = null;
        var report = await TaskLeakDetector.RunAsync(
            async () =>
            {
                // A timeout nobody disposes, a delay, a WaitAsync timeout: the mechanics of tasks, judged as tasks.
                undisposed = new CancellationTokenSource(TimeSpan.FromHours(1));
                await Task.Delay(1);
                await Task.CompletedTask.WaitAsync(TimeSpan.FromHours(1));
                using var periodic = new PeriodicTimer(TimeSpan.FromMilliseconds(1));
                await periodic.WaitForNextTickAsync();
            },
            Leaks.Short);
        undisposed!.Dispose();

        Assert.True(report.IsClean, report.ToString());
        Assert.Empty(report.Notes);
    }

    [Fact]
    public async Task A_library_timer_is_not_counted_and_the_report_says_so()
    {
        System.Timers.Timer? timer = null;
        var report = await TaskLeakDetector.RunAsync(
            () =>
            {
                timer = new System.Timers.Timer(TimeSpan.FromHours(1)) { Enabled = true };
                return Task.CompletedTask;
            },
            Leaks.Short);
        timer!.Dispose();

        Assert.True(report.IsClean, report.ToString());
        Assert.Contains(report.Notes, n => n.StartsWith("not counted: 1 library timer still scheduled (System.Timers.Timer)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Without_the_runtime_timer_queues_a_repeating_timer_that_fired_during_the_wait_is_still_reported()
    {
        RuntimeTaskInternals.SimulateMissingInternals = true;
        try
        {
            // Each run starts a pump that lasts until the timer fired twice after the wait began (as its own runs see
            // it), so the wait sees it fire however loaded the machine is, and then ends without waiting to its deadline.
            var firstRun = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var firedTwiceDuringWait = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            int runsDuringWait = 0;
            var report = await TaskLeakDetector.RunAsync(
                async () =>
                {
                    _timers.Add(new Timer(
                        _ =>
                        {
                            if (ScopeTracker.CurrentInFlow is { IsWaiting: true } && Interlocked.Increment(ref runsDuringWait) == 2)
                            {
                                firedTwiceDuringWait.TrySetResult();
                            }

                            _ = PumpUntilAsync(firedTwiceDuringWait.Task);
                            firstRun.TrySetResult();
                        },
                        null,
                        0,
                        20));
                    await firstRun.Task;
                },
                new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(30) });

            Assert.True(report.Leaks.Count(l => l.Kind == LeakKind.StillFiring) == 1, report.ToString());
            var timer = report.Leaks.Single(l => l.Kind == LeakKind.StillFiring);
            Assert.True(timer.Description.StartsWith("Timer armed in lambda in StillFiringTimerTests", StringComparison.Ordinal), report.ToString());
            Assert.True(report.Notes.Any(n => n.Contains("does not expose its timer queues", StringComparison.Ordinal)), report.ToString());
            Assert.True(report.Waited < report.Timeout, report.ToString());
        }
        finally
        {
            RuntimeTaskInternals.SimulateMissingInternals = false;
        }
    }

    private static async Task PumpUntilAsync(Task released) => await released;
}
