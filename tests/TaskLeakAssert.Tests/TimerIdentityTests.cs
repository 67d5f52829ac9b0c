using TaskLeakAssert.Reporting;
using TaskLeakAssert.Tests.Support;
using TaskLeakAssert.Tracking;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>
/// The runtime names a timer by its hash code, which two timers can share. A scope's timer is the scope's only when
/// the timer found in the runtime's queue under its id runs in the scope's flow; a one-shot timer that already ended
/// is not looked up at all. Either way another timer of the process is never blamed on the scope.
/// </summary>
[Collection(nameof(WithoutRuntimeInternalsTests))]
public sealed class TimerIdentityTests : IDisposable
{
    private static readonly TimeSpan Waited = TimeSpan.FromMilliseconds(300);
    private readonly List<IDisposable> _timers = [];

    public void Dispose() => _timers.ForEach(t => t.Dispose());

    [Fact]
    public void A_one_shot_timer_that_fired_is_not_looked_up_so_a_timer_sharing_its_id_is_not_the_scope_s()
    {
        var scope = NewScope();
        var elsewhere = StartElsewhere();
        var delay = new TrackedTimer(TimerIds.IdOf(elsewhere), scope, scope, site: null, dueTime: 10, period: uint.MaxValue);
        delay.Fired(duringWait: false, System.Diagnostics.Stopwatch.GetTimestamp());

        var notes = new List<string>();
        var leaks = StillFiringTimers.Describe([delay], uncheckedTimers: 0, Waited, notes).ToList();

        Assert.False(delay.MayStillBeScheduled);
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Select(l => l.Description)));
        Assert.Empty(notes);
    }

    [Fact]
    public void A_pending_timer_whose_id_another_flow_s_timer_shares_is_not_the_scope_s_and_a_note_says_so()
    {
        var scope = NewScope();
        var elsewhere = StartElsewhere();
        var pending = new TrackedTimer(TimerIds.IdOf(elsewhere), scope, scope, site: null, dueTime: 60_000, period: uint.MaxValue);

        var notes = new List<string>();
        var leaks = StillFiringTimers.Describe([pending], uncheckedTimers: 0, Waited, notes).ToList();

        Assert.True(pending.MayStillBeScheduled);
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks.Select(l => l.Description)));
        var note = Assert.Single(notes);
        Assert.StartsWith("not counted: 1 timer armed in this scope still scheduled but running in another flow", note);
    }

    [Fact]
    public async Task A_timer_created_outside_the_scope_and_started_in_it_is_not_counted_and_the_report_says_so()
    {
        var outside = new Timer(_ => { });
        _timers.Add(outside);

        var report = await TaskLeakDetector.RunAsync(
            () =>
            {
                outside.Change(0, 20);
                return Task.CompletedTask;
            },
            Leaks.Short);

        Assert.True(report.IsClean, report.ToString());
        Assert.Contains(report.Notes, n => n.StartsWith("not counted: 1 timer armed in this scope still scheduled but running in another flow", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_timer_created_in_the_scope_and_started_from_another_of_its_flows_is_reported()
    {
        var report = await TaskLeakDetector.RunAsync(
            async () =>
            {
                var timer = new Timer(_ => { });
                _timers.Add(timer);
                await Task.Run(() => timer.Change(0, 20));
            },
            Leaks.Short);

        var leak = Assert.Single(report.Leaks);
        Assert.True(leak.Kind == LeakKind.StillFiring, report.ToString());
        Assert.StartsWith("still scheduled at the verdict, firing every 20 ms", leak.State);
    }

    // A scope the verdict code can be asked about directly; its flow is never entered.
    private static ScopeTracker NewScope() =>
        new("timer identity", new TaskLeakOptions(), parent: null, openerStateMachine: null, Environment.CurrentManagedThreadId, scheduler: null);

    // A user timer still scheduled, created in no scope's flow: the stand-in for another timer that shares an id.
    private Timer StartElsewhere()
    {
        var timer = new Timer(_ => { }, null, 60_000, 60_000);
        _timers.Add(timer);
        return timer;
    }
}
