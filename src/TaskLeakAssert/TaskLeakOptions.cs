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
    /// A predicate that throws is treated as <see langword="false"/> and noted in the report. It may be asked more
    /// than once about the same leak: the wait asks it too, so that ignored work never makes the check wait.
    /// </summary>
    public IList<Func<LeakedTask, bool>> IgnoreWhen { get; } = new List<Func<LeakedTask, bool>>();

    /// <summary>The clock used for the timeout. Default <see cref="TimeProvider.System"/>; tests can pass a fake.</summary>
    public TimeProvider TimeProvider
    {
        get => _timeProvider;
        set => _timeProvider = value ?? throw new ArgumentNullException(nameof(value), "TimeProvider cannot be null; leave it at TimeProvider.System unless you test with a fake clock.");
    }

    /// <summary>Made by a check's overload that takes only a timeout: that check applies the timeout alone.</summary>
    internal bool TimeoutOnly { get; private init; }

    /// <summary>The options of a check overload that takes only a timeout (<c>ShouldShutDownCleanlyAsync(TimeSpan)</c>).</summary>
    internal static TaskLeakOptions WithTimeoutOnly(TimeSpan timeout) => new() { Timeout = timeout, TimeoutOnly = true };

    /// <summary>
    /// Applies what options passed to a check say to this scope's settings, tracking having begun with this object.
    /// The check's timeout, clock, starvation grace and fault setting replace the start's; its ignore rules are added
    /// to the start's. <see cref="CaptureStackTraces"/> acts while tasks are tracked, so turning it off at the check
    /// cannot apply: that throws and says where to put it.
    /// </summary>
    /// <param name="check">The options given to the check.</param>
    /// <param name="startedBy">The call that began tracking, for the message: <c>StartTrackedAsync(options)</c>.</param>
    internal void ApplyAtCheck(TaskLeakOptions check, string startedBy)
    {
        if (check.TimeoutOnly)
        {
            _timeout = check._timeout;
            return;
        }

        if (CaptureStackTraces && !check.CaptureStackTraces)
        {
            throw new InvalidOperationException(
                $"CaptureStackTraces = false cannot apply at the check: creation stacks are captured while tasks are tracked. Pass it where tracking begins, to {startedBy}.");
        }

        _timeout = check._timeout;
        _timeProvider = check._timeProvider;
        _starvationGrace = check._starvationGrace;
        FailOnFaultedTasks = check.FailOnFaultedTasks;
        foreach (var name in check.IgnoredMethods.Where(n => !IgnoredMethods.Contains(n)))
        {
            IgnoredMethods.Add(name);
        }

        foreach (var predicate in check.IgnoreWhen.Where(p => !IgnoreWhen.Contains(p)))
        {
            IgnoreWhen.Add(predicate);
        }
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
