using TaskLeakAssert.Fixtures;
using TaskLeakAssert.MSTest;

namespace TaskLeakAssert.MSTest.Fixture;

/// <summary>A loop started in the constructor and stopped by Dispose: clean, because the check comes after Dispose.</summary>
[TestClass]
[AssertNoLeakedTasks(TimeoutMilliseconds = 3000)]
public sealed class StopsInDisposeTests : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public StopsInDisposeTests() => _loop = Work.PollUntilCanceledAsync(_stop.Token);

    [TestMethod]
    public async Task Leaves_its_loop_to_Dispose() => await Task.Delay(20);

    public void Dispose()
    {
        _stop.Cancel();
        _loop.Wait();
        _stop.Dispose();
    }
}

/// <summary>A loop started in [TestInitialize] and stopped by DisposeAsync.</summary>
[TestClass]
[AssertNoLeakedTasks(TimeoutMilliseconds = 3000)]
public sealed class StopsInDisposeAsyncTests : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    [TestInitialize]
    public void Start() => _loop = Work.PollUntilCanceledAsync(_stop.Token);

    [TestMethod]
    public async Task Leaves_its_loop_to_DisposeAsync() => await Task.Delay(20);

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

/// <summary>A loop stopped in [TestCleanup]: clean. A loop [TestCleanup] forgets: the test's leak.</summary>
[TestClass]
[AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
public sealed class TestCleanupTests
{
    // The forgotten loop still ends a while after the run's checks, so the fixture process never keeps it.
    private readonly CancellationTokenSource _stop = new(TimeSpan.FromSeconds(30));
    private Task _loop = Task.CompletedTask;

    public TestContext TestContext { get; set; } = null!;

    [TestInitialize]
    public void Start() => _loop = Work.PollUntilCanceledAsync(_stop.Token);

    [TestMethod]
    public async Task Stops_its_loop_in_TestCleanup() => await Task.Delay(20);

    [TestMethod]
    public async Task Forgets_its_loop_in_TestCleanup() => await Task.Delay(20);

    [TestCleanup]
    public async Task Stop()
    {
        if (TestContext.TestName == nameof(Forgets_its_loop_in_TestCleanup))
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
    }
}

/// <summary>
/// Work started in [ClassInitialize] and [AssemblyInitialize] belongs to them, not to the tests that run after:
/// both loops are still running while these tests are checked.
/// </summary>
[TestClass]
[AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
public class SharedSetupTests
{
    // Stopped by their cleanups, not by a clock: a loaded machine can take longer than any fixed lifetime to
    // reach these tests, and a loop that already ended proves nothing.
    private static readonly CancellationTokenSource s_assemblyStop = new();
    private static readonly CancellationTokenSource s_classStop = new();

    public static Task? ClassLoop { get; private set; }

    public static Task? AssemblyLoop { get; private set; }

    [AssemblyInitialize]
    public static void StartAssemblyLoop(TestContext context) => AssemblyLoop = Work.PollUntilCanceledAsync(s_assemblyStop.Token);

    [AssemblyCleanup]
    public static void StopAssemblyLoop() => s_assemblyStop.Cancel();

    [ClassInitialize]
    public static void StartClassLoop(TestContext context) => ClassLoop = Work.PollUntilCanceledAsync(s_classStop.Token);

    [ClassCleanup]
    public static void StopClassLoop() => s_classStop.Cancel();

    [TestMethod]
    public async Task Runs_while_the_class_and_assembly_loops_run()
    {
        Assert.IsFalse(ClassLoop!.IsCompleted);
        Assert.IsFalse(AssemblyLoop!.IsCompleted);
        await Task.Delay(20);
    }

    [TestMethod]
    public void Runs_beside_it() => Assert.IsFalse(ClassLoop!.IsCompleted);
}

/// <summary>
/// A class fixture that checks its own teardown: [ClassInitialize] opens a scope and starts a loop that
/// [ClassCleanup] forgets to stop, so the check in [ClassCleanup] fails. The tests in between are clean.
/// </summary>
[TestClass]
public class ClassFixtureLeakTests
{
    private static TaskLeakScope? s_fixture;

    [ClassInitialize]
    public static void StartFixture(TestContext context)
    {
        s_fixture = TaskLeakScope.Begin("ClassFixtureLeakTests fixture", new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        _ = Work.PollForeverAsync();
    }

    [TestMethod]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
    public async Task Runs_while_the_fixture_loop_runs() => await Task.Delay(20);

    [TestMethod]
    public async Task Runs_unchecked_while_the_fixture_loop_runs() => await Task.Delay(20);

    [ClassCleanup]
    public static async Task StopFixtureAsync() => await s_fixture!.AssertNoLeaksAsync();
}
