using TaskLeakAssert.Fixtures;
#if XUNIT_V3
using TaskLeakAssert.XunitV3;
using Xunit;
using LifetimeTask = System.Threading.Tasks.ValueTask;
namespace TaskLeakAssert.XunitV3.LifetimeFixture;
#else
using TaskLeakAssert.Xunit;
using Xunit;
using LifetimeTask = System.Threading.Tasks.Task;
namespace TaskLeakAssert.Xunit.LifetimeFixture;
#endif

/// <summary>xunit's teardown is Dispose: a loop the constructor starts and Dispose stops is clean.</summary>
public sealed class DisposeStopsTheLoop : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public DisposeStopsTheLoop() => _loop = Work.PollUntilCanceledAsync(_stop.Token);

    [Fact]
    public async Task The_test_uses_the_running_loop()
    {
        await Task.Delay(20);
        Assert.False(_loop.IsCompleted);
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop.GetAwaiter().GetResult();

        _stop.Dispose();
    }

}

/// <summary>IAsyncLifetime: a worker started in InitializeAsync and stopped in DisposeAsync is clean.</summary>
public sealed class AsyncLifetimeStopsTheWorker : IAsyncLifetime
{
    private readonly CancellationTokenSource _stop = new();
    private Task _worker = Task.CompletedTask;

    public LifetimeTask InitializeAsync()
    {
        _worker = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                await Task.Delay(10);
            }
        });
        return LifetimeTask.CompletedTask;
    }

    [Fact]
    public async Task The_test_runs_beside_the_worker()
    {
        await Task.Delay(20);
        Assert.False(_worker.IsCompleted);
    }

    public async LifetimeTask DisposeAsync()
    {
        _stop.Cancel();
        await _worker;
        _stop.Dispose();
    }
}

/// <summary>A constructor's leak is the test's leak: the scope opens before construction.</summary>
public sealed class ConstructorLeaks
{
    public ConstructorLeaks() => _ = Work.PollForeverAsync();

    [Fact]
    public void Leaks_from_its_constructor()
    {
    }
}
