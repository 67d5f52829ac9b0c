using NUnit.Framework;
using TaskLeakAssert.Fixtures;

namespace TaskLeakAssert.NUnit.Fixture;

[TestFixture]
public class CleanFixture
{
    // A library's timer (System.Timers.Timer's own callback), still scheduled when the check runs: not this test's
    // leak. Kept for the rest of the run, which ends long before its first tick.
    private static System.Timers.Timer? s_libraryTimer;

    private string? _scopeInSetUp;

    [SetUp]
    public async Task SetUpAsync()
    {
        _scopeInSetUp = TaskLeakScope.Current?.Name;
        await Task.Delay(10);
    }

    [Test]
    public void Leaves_a_library_timer_scheduled() => s_libraryTimer = new System.Timers.Timer(TimeSpan.FromHours(1)) { Enabled = true };

    [Test]
    public async Task Awaits_all_its_work()
    {
        await Task.Run(() => Task.Delay(20));
        await Task.WhenAll(Work.ShortAsync(), Work.ShortAsync());
    }

    [Test]
    public async Task Fires_and_forgets_short_work()
    {
        _ = Work.ShortAsync();
        _ = Task.Run(Work.ShortAsync);
        await Task.Yield();
    }

    [Test]
    [CancelAfter(30000)]
    public async Task Runs_with_a_cancel_after_timeout(CancellationToken token)
    {
        await Task.Delay(50, token);
    }

    [TestCase(1)]
    [TestCase(2)]
    public async Task Is_a_test_case(int delay)
    {
        await Task.Delay(delay);
    }

    // NUnit 5's Assert.ThrowsAsync returns a task: not awaited, it observes the fault a moment after the test returned.
    [Test]
    public void Observes_its_fault_with_ThrowsAsync()
    {
        Assert.ThrowsAsync<InvalidOperationException>(Work.FailLaterAsync);
    }

    [Test]
    public async Task Observes_its_fault_with_an_awaited_ThrowsAsync()
    {
        await Assert.ThrowsAsync<InvalidOperationException>(Work.FailLaterAsync);
    }

    // The same, made certain: the test's SynchronizationContext holds every continuation back, so the assertion
    // observes the fault 300 ms after the fault, long after the test returned. The check waits for the assertion.
    [Test]
    public void Observes_its_fault_late_with_an_unawaited_ThrowsAsync()
    {
        var previous = SynchronizationContext.Current;
        SynchronizationContext.SetSynchronizationContext(new LateContext(TimeSpan.FromMilliseconds(300)));
        try
        {
            _ = Assert.ThrowsAsync<InvalidOperationException>(Work.FailLaterAsync);
        }
        finally
        {
            SynchronizationContext.SetSynchronizationContext(previous);
        }
    }

    private sealed class LateContext(TimeSpan delay) : SynchronizationContext
    {
        public override void Post(SendOrPostCallback d, object? state) =>
            Task.Delay(delay).ContinueWith(_ => d(state), TaskScheduler.Default);
    }

    [Test]
    public void Is_synchronous()
    {
        Assert.That(1 + 1, Is.EqualTo(2));
    }

    [Test]
    public void Sees_the_scope_in_SetUp_and_in_the_test()
    {
        Assert.That(_scopeInSetUp, Is.EqualTo("CleanFixture.Sees_the_scope_in_SetUp_and_in_the_test"));
        Assert.That(TaskLeakScope.Current?.Name, Is.EqualTo(_scopeInSetUp));
    }
}

[TestFixture]
public class MoreCleanFixture
{
    [Test]
    public async Task Runs_beside_the_leaky_ones()
    {
        for (int i = 0; i < 10; i++)
        {
            await Task.Run(() => Task.Delay(20));
        }
    }
}
