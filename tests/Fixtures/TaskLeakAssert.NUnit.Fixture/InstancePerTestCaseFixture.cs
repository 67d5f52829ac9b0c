using TaskLeakAssert.Fixtures;
using NUnit.Framework;

namespace TaskLeakAssert.NUnit.Fixture;

/// <summary>
/// NUnit's one-instance-per-test life cycle: a loop started in SetUp and stopped only in Dispose. NUnit
/// disposes such an instance after the test's actions have run, so the check sees the loop still running.
/// </summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class InstancePerTestCaseFixture : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    [SetUp]
    public void StartLoop() => _loop = Work.PollUntilCanceledAsync(_stop.Token);

    [Test]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 300)]
    public void Stops_its_loop_only_in_Dispose() => Assert.That(_loop.IsCompleted, Is.False);

    public void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();

        _stop.Dispose();
    }

}

/// <summary>The same life cycle with the loop stopped in TearDown, which runs before the check: clean.</summary>
[TestFixture]
[FixtureLifeCycle(LifeCycle.InstancePerTestCase)]
public sealed class InstancePerTestCaseTearDownFixture
{
    private readonly CancellationTokenSource _stop = new();
    private Task _loop = Task.CompletedTask;

    [SetUp]
    public void StartLoop() => _loop = Work.PollUntilCanceledAsync(_stop.Token);

    [Test]
    public void Stops_its_loop_in_TearDown() => Assert.That(_loop.IsCompleted, Is.False);

    [TearDown]
    public async Task StopLoopAsync()
    {
        await _stop.CancelAsync();
        await _loop;

        _stop.Dispose();
    }
}
