namespace TaskLeakAssert.Hosting;

/// <summary>
/// The verdict on one host's graceful shutdown: per hosted service, for the host itself, and the
/// underlying <see cref="TaskLeakReport"/> of every task the host started while it was tracked.
/// </summary>
public sealed class HostShutdownReport
{
    internal HostShutdownReport(
        IReadOnlyList<HostedServiceReport> services,
        IReadOnlyList<string> hostProblems,
        IReadOnlyList<LeakedTask> otherLeaks,
        TaskLeakReport taskReport,
        bool wasTracked,
        TimeSpan stopDuration,
        bool stopTimedOut,
        bool applicationStoppedFired,
        TimeSpan? shutdownTimeout,
        TimeSpan timeout,
        IReadOnlyList<string> notes)
    {
        Services = services;
        HostProblems = hostProblems;
        OtherLeaks = otherLeaks;
        TaskReport = taskReport;
        WasTracked = wasTracked;
        StopDuration = stopDuration;
        StopTimedOut = stopTimedOut;
        ApplicationStoppedFired = applicationStoppedFired;
        ShutdownTimeout = shutdownTimeout;
        Timeout = timeout;
        Notes = notes;
    }

    /// <summary>One entry per hosted service, in registration order.</summary>
    public IReadOnlyList<HostedServiceReport> Services { get; }

    /// <summary>Problems of the host as a whole: StopAsync too slow, ApplicationStopped never fired, a stop failure no service could be blamed for.</summary>
    public IReadOnlyList<string> HostProblems { get; }

    /// <summary>Leaked tasks started while the host was tracked that no hosted service's code created (a DI factory, a lifetime callback…).</summary>
    public IReadOnlyList<LeakedTask> OtherLeaks { get; }

    /// <summary>The report of every task the host started while it was tracked.</summary>
    public TaskLeakReport TaskReport { get; }

    /// <summary>Whether the host was started by <see cref="HostTrackingExtensions.StartTrackedAsync"/>; otherwise only hosted services, their ExecuteTask and the stop itself were checked.</summary>
    public bool WasTracked { get; }

    /// <summary>How long <c>IHost.StopAsync</c> took (up to the timeout, when it did not return).</summary>
    public TimeSpan StopDuration { get; }

    /// <summary>Whether <c>IHost.StopAsync</c> had not returned within the timeout.</summary>
    public bool StopTimedOut { get; }

    /// <summary>Whether <c>IHostApplicationLifetime.ApplicationStopped</c> fired.</summary>
    public bool ApplicationStoppedFired { get; }

    /// <summary>The host's own <c>HostOptions.ShutdownTimeout</c>, when the host has one.</summary>
    public TimeSpan? ShutdownTimeout { get; }

    /// <summary>The assertion timeout the check used.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Remarks that are not failures: untracked start, a ShutdownTimeout longer than the assertion timeout.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary><see langword="true"/> when the host stopped in time, every service stopped cleanly, and nothing leaked.</summary>
    public bool IsClean => HostProblems.Count == 0 && OtherLeaks.Count == 0 && Services.All(s => s.IsClean);

    /// <summary>The human-readable report.</summary>
    public override string ToString() => HostReportFormatter.Format(this);
}
