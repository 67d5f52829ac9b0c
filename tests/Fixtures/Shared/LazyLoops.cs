namespace TaskLeakAssert.Fixtures;

/// <summary>
/// Work a shared fixture starts lazily, on the first test that asks for it (as a host or a
/// WebApplicationFactory does on its first CreateClient), and stops when disposed: an async loop and a
/// Task.Run loop, both started after an await, so that the creating stack holds only this class's frames.
/// </summary>
public class LazyLoops : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly object _gate = new();
    private Task[]? _loops;

    public async Task<bool> EnsureRunningAsync()
    {
        await Task.Yield();
        lock (_gate)
        {
            _loops ??= [Work.PollUntilCanceledAsync(_stop.Token), Task.Run(() => Work.PollUntilCanceledAsync(_stop.Token))];
        }

        await Task.Delay(30);
        return _loops.All(l => !l.IsCompleted);
    }

    public void Dispose()
    {
        _stop.Cancel();
        Task.WaitAll(_loops ?? []);
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
