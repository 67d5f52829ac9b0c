namespace TaskLeakAssert.Reporting;

/// <summary>
/// A task that was unfinished when a timed-out verdict was decided, and ended while the report was written. It
/// is a leak all the same (the check waited its whole timeout for it), so it is reported as it stood, saying
/// that it ended and how soon after: slow shutdown work, or one run of work that keeps starting.
/// </summary>
internal static class LateEnding
{
    public static LeakCandidate Mark(LeakCandidate candidate, TimeSpan sinceDeadline, TimeSpan timeout) =>
        candidate with
        {
            EndedLate = true,
            IsRunning = false,
            State = $"ended within {ReportFormatter.Duration(sinceDeadline)} after the timeout, while the report was written",
            Chain = [],
            Hint = $"It ends, but only after the check's {ReportFormatter.Duration(timeout)}: slow shutdown work, or one run of work that keeps starting (a timer's callback, a loop that starts a task per item). Make it end as soon as its token is canceled, stop or dispose what keeps starting it, or raise TaskLeakOptions.Timeout if it is slow by design.",
        };

    /// <summary>
    /// A late one beside still-unfinished tasks of the same work (a timer's runs, a loop's items) is that work: it
    /// takes their status, so it is counted in their entry instead of standing alone.
    /// </summary>
    public static List<LeakCandidate> JoinUnfinishedAlike(List<LeakCandidate> candidates)
    {
        var unfinished = candidates.Where(c => !c.EndedLate).ToLookup(Work);
        return [.. candidates.Select(c => c.EndedLate && unfinished[Work(c)].FirstOrDefault() is { } alike
            ? c with { EndedLate = false, IsRunning = alike.IsRunning, State = alike.State, Chain = alike.Chain, Hint = alike.Hint }
            : c)];
    }

    private static (LeakKind, string, string?, string?) Work(LeakCandidate c) => (c.Kind, c.Description, c.CreationStackTrace, c.StartedDuring);
}
