namespace TaskLeakAssert.Reporting;

/// <summary>When a scope's verdict was decided, and whether the wait ran out of time by then.</summary>
/// <param name="TimedOut">The timeout passed with tasks unfinished; the verdict judges them as they stood then.</param>
/// <param name="Timestamp">The moment of the decision, on <paramref name="Clock"/>.</param>
/// <param name="Clock">The scope's clock.</param>
/// <param name="PoolStalled">When the wait ended with the thread pool still making no progress: for how long it made none.</param>
internal sealed record VerdictMoment(bool TimedOut, long Timestamp, TimeProvider Clock, TimeSpan? PoolStalled = null)
{
    /// <summary>How long ago the verdict was decided.</summary>
    public TimeSpan Since() => Clock.GetElapsedTime(Timestamp);
}
