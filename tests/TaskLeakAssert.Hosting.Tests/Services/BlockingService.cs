using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>Blocks its thread in a synchronous wait for a signal that never comes, without the token.</summary>
public sealed class BlockingService : BackgroundService, IRunningSignal
{
    private readonly TaskCompletionSource _running = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ManualResetEventSlim _signal = new();
    private readonly CancellationTokenRegistration _release;

    public BlockingService(TestRelease release) => _release = release.Token.Register(_signal.Set);

    public Task Running => _running.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield();
        _running.TrySetResult();
        _signal.Wait();
    }

    public override void Dispose()
    {
        _release.Dispose();
        base.Dispose();
    }
}
