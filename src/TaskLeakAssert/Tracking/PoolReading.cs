namespace TaskLeakAssert.Tracking;

/// <summary>A reading of the pool's counters taken when <see cref="Source"/> completes (on the verdict clock's thread).</summary>
internal sealed class PoolReading
{
    private ThreadPoolProgress? _value;

    public PoolReading()
    {
        Source = new TaskCompletionSource();
        Source.Task.ContinueWith(static (_, state) => ((PoolReading)state!)._value = ThreadPoolProgress.Now(), this, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    /// <summary>Complete it to take the reading.</summary>
    public TaskCompletionSource Source { get; }

    /// <summary>The reading; null when it was not taken.</summary>
    public ThreadPoolProgress? Value => _value;
}
