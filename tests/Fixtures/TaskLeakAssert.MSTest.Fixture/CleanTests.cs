using TaskLeakAssert.Fixtures;
using TaskLeakAssert.MSTest;

namespace TaskLeakAssert.MSTest.Fixture;

[TestClass]
[AssertNoLeakedTasks]
public class CleanTests
{
    // A library's timer (System.Timers.Timer's own callback), still scheduled when the check runs: not this test's
    // leak. Kept for the rest of the run, which ends long before its first tick.
    private static System.Timers.Timer? s_libraryTimer;

    private readonly string? _scopeInConstructor = TaskLeakScope.Current?.Name;
    private string? _scopeInTestInitialize;

    [TestInitialize]
    public async Task InitializeAsync()
    {
        _scopeInTestInitialize = TaskLeakScope.Current?.Name;
        await Task.Delay(10);
    }

    [TestMethod]
    public void Leaves_a_library_timer_scheduled() => s_libraryTimer = new System.Timers.Timer(TimeSpan.FromHours(1)) { Enabled = true };

    [TestMethod]
    public async Task Awaits_all_its_work()
    {
        await Task.Run(() => Task.Delay(20));
        await Task.WhenAll(Work.ShortAsync(), Work.ShortAsync());
    }

    [TestMethod]
    public async Task Fires_and_forgets_short_work()
    {
        _ = Work.ShortAsync();
        _ = Task.Run(Work.ShortAsync);
        await Task.Yield();
    }

    [TestMethod]
    [Timeout(30000, CooperativeCancellation = true)]
    public async Task Runs_with_a_timeout()
    {
        await Task.Delay(50);
    }

    [TestMethod]
    [DataRow(1)]
    [DataRow(2)]
    public async Task Is_a_data_row(int delay)
    {
        await Task.Delay(delay);
    }

    [TestMethod]
    public async Task Observes_its_fault_with_ThrowsExactlyAsync()
    {
        await Assert.ThrowsExactlyAsync<InvalidOperationException>(Work.FailLaterAsync);
    }

    [TestMethod]
    public void Is_synchronous()
    {
        Assert.IsNotNull(TaskLeakScope.Current);
    }

    [TestMethod]
    public void Sees_its_scope_from_the_constructor_on()
    {
        Assert.AreEqual("CleanTests.Sees_its_scope_from_the_constructor_on", _scopeInConstructor);
        Assert.AreEqual(_scopeInConstructor, _scopeInTestInitialize);
        Assert.AreEqual(_scopeInConstructor, TaskLeakScope.Current?.Name);
    }
}
