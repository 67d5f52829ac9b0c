namespace TaskLeakAssert;

/// <summary>
/// Settings for one tracking scope. Each scope takes a copy when it begins, so changing an options
/// object later does not affect scopes that are already running.
/// </summary>
public sealed class TaskLeakOptions
{
    /// <summary>The default for <see cref="Timeout"/>: 5 seconds.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(5);

    // Task.WaitAsync rejects anything above this; a longer wait is a hung test run, not a check.
    private static readonly TimeSpan MaxTimeout = TimeSpan.FromMilliseconds(int.MaxValue - 1);

    private TimeSpan _timeout = DefaultTimeout;
    private TimeProvider _timeProvider = TimeProvider.System;

    /// <summary>
    /// How long a scope waits, after it is stopped, for its tracked tasks to end. Default 5 seconds.
    /// Must be positive and finite: a leak check must never hang a test run.
    /// </summary>
    public TimeSpan Timeout
    {
        get => _timeout;
        set
        {
            if (value <= TimeSpan.Zero || value > MaxTimeout)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value),
                    value,
                    $"Timeout must be positive and at most {MaxTimeout.TotalDays:0} days; use for example TaskLeakOptions.Timeout = TimeSpan.FromSeconds(5).");
            }

            _timeout = value;
        }
    }

    /// <summary>The default for <see cref="StarvationGrace"/>: 60 seconds.</summary>
    public static readonly TimeSpan DefaultStarvationGrace = TimeSpan.FromSeconds(60);

    private TimeSpan _starvationGrace = DefaultStarvationGrace;

    /// <summary>
    /// How long, at most, the check waits past <see cref="Timeout"/> while the thread pool makes no progress (work
    /// is queued and none completes) and the scope's unfinished work only waits for a pool thread: starvation that
    /// other code causes (another test blocking every pool thread) is not this scope's leak. Default 60 seconds;
    /// <see cref="TimeSpan.Zero"/> turns the wait off. Never used while the scope's own work runs on a thread: a
    /// scope whose own tasks block the pool keeps its timeout. When the grace runs out with the pool still stalled,
    /// the verdict fails, and the report says which tasks never got a thread and for how long the pool made no progress.
    /// </summary>
    public TimeSpan StarvationGrace
    {
        get => _starvationGrace;
        set
        {
            if (value < TimeSpan.Zero || value > MaxTimeout)
            {
                throw new ArgumentOutOfRangeException(
                    nameof(value),
                    value,
                    $"StarvationGrace must be zero or positive and at most {MaxTimeout.TotalDays:0} days; use TimeSpan.Zero to turn it off, or for example TaskLeakOptions.StarvationGrace = TimeSpan.FromSeconds(30).");
            }

            _starvationGrace = value;
        }
    }

    /// <summary>
    /// Whether to record where each task was created (a trimmed stack trace with file:line where
    /// symbols exist). Default <see langword="true"/>. The stack is captured once per distinct task
    /// name in a scope, so loops stay cheap; turn it off for the lowest overhead.
    /// </summary>
    public bool CaptureStackTraces { get; set; } = true;

    /// <summary>
    /// Whether a task that faulted and whose exception nobody observed counts as a leak.
    /// Default <see langword="true"/>. A fault that was awaited (in a try/catch, or by an assertion
    /// such as <c>Assert.ThrowsAsync</c>) is handled and never counts.
    /// </summary>
    public bool FailOnFaultedTasks { get; set; } = true;

    /// <summary>
    /// Methods whose leaked tasks are known background work and are left out of the verdict.
    /// An entry matches <see cref="LeakedTask.MethodName"/> exactly (<c>"CacheWarmer.RefreshAsync"</c>)
    /// or by its last part (<c>"RefreshAsync"</c>).
    /// </summary>
    public IList<string> IgnoredMethods { get; } = new List<string>();

    /// <summary>
    /// Predicates that leave a leak out of the verdict when any of them returns <see langword="true"/>.
    /// A predicate that throws is treated as <see langword="false"/> and noted in the report.
    /// </summary>
    public IList<Func<LeakedTask, bool>> IgnoreWhen { get; } = new List<Func<LeakedTask, bool>>();

    /// <summary>The clock used for the timeout. Default <see cref="TimeProvider.System"/>; tests can pass a fake.</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value), "TimeProvider cannot be null; leave it at TimeProvider.System unless you test with a fake clock.");
    }

    internal TaskLeakOptions Clone()
    {
        var copy = new TaskLeakOptions
        {
            _timeout = _timeout,
            _timeProvider = _timeProvider,
            _starvationGrace = _starvationGrace,
            CaptureStackTraces = CaptureStackTraces,
            FailOnFaultedTasks = FailOnFaultedTasks,
        };
        foreach (var name in IgnoredMethods)
        {
            copy.IgnoredMethods.Add(name);
        }

        foreach (var predicate in IgnoreWhen)
        {
            copy.IgnoreWhen.Add(predicate);
        }

        return copy;
    }
}
