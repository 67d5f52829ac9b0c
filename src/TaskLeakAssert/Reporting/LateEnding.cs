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
            IsRunning = false,
            State = $"ended within {ReportFormatter.Duration(sinceDeadline)} after the timeout, while the report was written",
            Chain = [],
            Hint = $"It ends, but only after the check's {ReportFormatter.Duration(timeout)}: slow shutdown work, or one run of work that keeps starting (a timer's callback, a loop that starts a task per item). Make it end as soon as its token is canceled, stop or dispose what keeps starting it, or raise TaskLeakOptions.Timeout if it is slow by design.",
        };
}
