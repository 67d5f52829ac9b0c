using TaskLeakAssert.Fixtures;
using TaskLeakAssert.XunitV3;
using Xunit;

namespace TaskLeakAssert.XunitV3.Fixture;

/// <summary>
/// The attribute alone, without TaskLeakTestFramework (a suite that names another framework): xunit's
/// before/after hooks check the test method. The volume suite (shared) runs the same way.
/// </summary>
public sealed class AttributeAloneTests
{
    [Fact]
    [AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
    public async Task Leaks_a_polling_loop()
    {
        _ = Work.PollForeverAsync();
        await Task.Yield();
    }

    [Fact]
    [AssertNoLeakedTasks]
    public async Task Awaits_all_its_work()
    {
        await Task.Run(() => Task.Delay(20));
        await Task.WhenAll(Work.ShortAsync(), Work.ShortAsync());
    }
}

/// <summary>
/// A class whose InitializeAsync starts a worker that DisposeAsync stops: the attribute alone checks the test method
/// only, so it does not see the worker, and it says so in the test's output.
/// </summary>
public sealed class WorkerStartedInInitializeAsync : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task? _worker;

    public ValueTask InitializeAsync()
    {
        _worker = Work.PollUntilCanceledAsync(_stop.Token);
        return ValueTask.CompletedTask;
    }

    [Fact]
    [AssertNoLeakedTasks]
    public async Task Uses_the_worker() => await Task.Yield();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _worker!;
        _stop.Dispose();
    }
}
