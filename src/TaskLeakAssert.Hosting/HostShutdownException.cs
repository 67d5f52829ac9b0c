namespace TaskLeakAssert.Hosting;

/// <summary>Thrown when a host did not shut down cleanly. <see cref="Exception.Message"/> is the full host report.</summary>
public sealed class HostShutdownException : TaskLeakException
{
    /// <summary>Creates the exception for a host report that is not clean.</summary>
    /// <param name="report">The host report; its text becomes the message.</param>
    public HostShutdownException(HostShutdownReport report)
        : base((report ?? throw new ArgumentNullException(nameof(report))).TaskReport, report.ToString())
    {
        ShutdownReport = report;
    }

    /// <summary>The host report behind the failure.</summary>
    public HostShutdownReport ShutdownReport { get; }
}
