namespace TaskLeakAssert;

/// <summary>Thrown by the asserting APIs when a scope's report is not clean. <see cref="Exception.Message"/> is the full report.</summary>
public sealed class TaskLeakException : Exception
{
    /// <summary>Creates the exception for a report that is not clean.</summary>
    /// <param name="report">The report; its text becomes the message.</param>
    public TaskLeakException(TaskLeakReport report)
        : base((report ?? throw new ArgumentNullException(nameof(report))).ToString())
    {
        Report = report;
    }

    /// <summary>The report behind the failure.</summary>
    public TaskLeakReport Report { get; }
}
