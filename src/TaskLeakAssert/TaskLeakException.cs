namespace TaskLeakAssert;

/// <summary>Thrown by the asserting APIs when a scope's report is not clean. <see cref="Exception.Message"/> is the full report.</summary>
public class TaskLeakException : Exception
{
    /// <summary>Creates the exception for a report that is not clean.</summary>
    /// <param name="report">The report; its text becomes the message.</param>
    public TaskLeakException(TaskLeakReport report)
        : base((report ?? throw new ArgumentNullException(nameof(report))).ToString())
    {
        Report = report;
    }

    /// <summary>For adapters whose failure text says more than the task report (a host's shutdown, for example).</summary>
    /// <param name="report">The task report behind the failure.</param>
    /// <param name="message">The full failure text.</param>
    protected TaskLeakException(TaskLeakReport report, string message)
        : base(message)
    {
        Report = report ?? throw new ArgumentNullException(nameof(report));
    }

    /// <summary>The report behind the failure.</summary>
    public TaskLeakReport Report { get; }
}
