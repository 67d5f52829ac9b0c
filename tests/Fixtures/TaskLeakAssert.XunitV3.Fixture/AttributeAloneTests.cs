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

/// <summary>
/// A class whose field starts a worker when the class is constructed (a queue that starts its worker with it), and
/// whose Dispose stops it: the attribute alone begins after the constructor, and says so in the test's output.
/// </summary>
public sealed class WorkerStartedByAField : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _worker;

    public WorkerStartedByAField() => _worker = Work.PollUntilCanceledAsync(_stop.Token);

    [Fact]
    [AssertNoLeakedTasks]
    public async Task Uses_the_worker() => await Task.Yield();

    public void Dispose()
    {
        _stop.Cancel();
        _worker.GetAwaiter().GetResult();
        _stop.Dispose();
    }
}
