using NUnit.Framework;
using TaskLeakAssert.Fixtures;

namespace TaskLeakAssert.NUnit.Fixture;

/// <summary>
/// [OneTimeSetUp] keeps an object whose work starts lazily, from whichever test asks first, and
/// [OneTimeTearDown] stops it: the work is the fixture's, no test is blamed, and the fixture is clean.
/// </summary>
[TestFixture]
public class LazyOneTimeSetUpFixture
{
    private LazyLoops _loops = null!;

    [OneTimeSetUp]
    public void CreateLoops() => _loops = new LazyLoops();

    [Test]
    public async Task One_test_starts_or_uses_the_fixture_loops() => Assert.That(await _loops.EnsureRunningAsync(), Is.True);

    [Test]
    public async Task Another_test_starts_or_uses_the_fixture_loops() => Assert.That(await _loops.EnsureRunningAsync(), Is.True);

    [OneTimeTearDown]
    public void StopLoops() => _loops.Dispose();
}

/// <summary>[OneTimeSetUp] keeps a real generic host that the first test to ask starts; [OneTimeTearDown] stops it.</summary>
[TestFixture]
public class LazyHostOneTimeSetUpFixture
{
    private LazyHost _host = null!;

    [OneTimeSetUp]
    public void CreateHost() => _host = new LazyHost();

    [Test]
    public async Task One_test_starts_or_uses_the_host() => Assert.That((await _host.GetAsync()).Services, Is.Not.Null);

    [Test]
    public async Task Another_test_starts_or_uses_the_host() => Assert.That((await _host.GetAsync()).Services, Is.Not.Null);

    [OneTimeTearDown]
    public void StopHost() => _host.Dispose();
}

/// <summary>[OneTimeSetUp] starts a loop and [OneTimeTearDown] stops it: clean, and its tests run beside it.</summary>
[TestFixture]
public class StoppedOneTimeSetUpFixture
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    [OneTimeSetUp]
    public void StartLoop() => _loop = Work.PollUntilCanceledAsync(_stop.Token);

    [Test]
    public void Runs_beside_the_fixture_loop() => Assert.That(_loop.IsCompleted, Is.False);

    [OneTimeTearDown]
    public async Task StopLoopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}

/// <summary>
/// A fixture that checks its own teardown, as the docs show: [OneTimeSetUp] opens a scope and starts a loop
/// that [OneTimeTearDown] forgets to stop. The test passes; the fixture's teardown fails with the report.
/// </summary>
[TestFixture]
[AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
public class ForgetfulOneTimeSetUpFixture
{
    private TaskLeakScope _setUpScope = null!;
    private Task _loop = Task.CompletedTask;

    [OneTimeSetUp]
    public void StartLoop()
    {
        _setUpScope = TaskLeakScope.Begin("ForgetfulOneTimeSetUpFixture one-time setup", new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(500) });
        _loop = Work.PollForeverAsync();
    }

    [Test]
    public void Runs_beside_the_forgotten_loop() => Assert.That(_loop.IsCompleted, Is.False);

    [Test]
    public async Task Leaves_its_own_loop_behind()
    {
        _ = Work.PollForeverAsync();
        await Task.Yield();
    }

    [OneTimeTearDown]
    public async Task CheckTeardownAsync() => await _setUpScope.AssertNoLeaksAsync();
}
