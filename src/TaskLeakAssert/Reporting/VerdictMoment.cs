namespace TaskLeakAssert.Reporting;

/// <summary>When a scope's verdict was decided, and whether the wait ran out of time by then.</summary>
/// <param name="TimedOut">The timeout passed with tasks unfinished; the verdict judges them as they stood then.</param>
/// <param name="Timestamp">The moment of the decision, on <paramref name="Clock"/>.</param>
/// <param name="Clock">The scope's clock.</param>
internal sealed record VerdictMoment(bool TimedOut, long Timestamp, TimeProvider Clock)
{
    /// <summary>How long ago the verdict was decided.</summary>
    public TimeSpan Since() => Clock.GetElapsedTime(Timestamp);
}
