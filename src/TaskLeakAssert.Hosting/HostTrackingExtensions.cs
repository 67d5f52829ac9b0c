using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting;

/// <summary>
/// Start a host inside a tracking scope, shut it down the real way, and fail when it did not stop cleanly.
/// Works with any built <see cref="IHost"/>: from <c>Host.CreateApplicationBuilder</c>, <c>Host.CreateDefaultBuilder</c> or your own.
/// </summary>
/// <example>
/// <code>
/// using var host = builder.Build();
/// await host.StartTrackedAsync();
/// // ... exercise the system ...
/// await host.ShouldShutDownCleanlyAsync();
/// </code>
/// </example>
public static class HostTrackingExtensions
{
    /// <summary>
    /// Starts the host inside a tracking scope owned by the host: every task its hosted services start
    /// (in StartAsync, ExecuteAsync, timers, handlers) is tracked until the host is checked.
    /// </summary>
    /// <param name="host">The host to start. It must not have been started yet.</param>
    /// <param name="options">Timeout and report settings for the check; defaults are documented on <see cref="TaskLeakOptions"/>.</param>
    /// <param name="cancellationToken">Cancels the start, as for <c>IHost.StartAsync</c>.</param>
    public static async Task StartTrackedAsync(this IHost host, TaskLeakOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(host);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        if (lifetime.ApplicationStarted.IsCancellationRequested && HostTracking.Find(host) is null)
        {
            throw new InvalidOperationException("This host was already started with StartAsync, so the tasks it started are unknown. Call StartTrackedAsync instead of StartAsync.");
        }

        // This method's own task is the scope's opener: it awaits the start, not the verdict.
        var scope = TaskLeakScope.BeginCore("host", options, MethodBase.GetCurrentMethod(), scheduler: null, flowsAreItsWorkOnly: true);
        HostTracking.Register(host, scope);
        Integrations.Activate();
        HostTracking.RegisterServices(host.Services, scope);
        try
        {
            await host.StartAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            HostTracking.Forget(host);
            await scope.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Shuts the host down gracefully and throws <see cref="HostShutdownException"/> (a <see cref="TaskLeakException"/>)
    /// with the report when it did not stop cleanly. A host that was never started is started tracked first,
    /// so this call alone is a complete test.
    /// </summary>
    /// <param name="host">The host to check.</param>
    /// <param name="timeout">How long to wait for <c>IHost.StopAsync</c>, and then for the host's tasks. Default 5 seconds.</param>
    public static Task ShouldShutDownCleanlyAsync(this IHost host, TimeSpan? timeout = null) =>
        AssertCleanShutdownAsync(host, timeout is { } t ? TaskLeakOptions.WithTimeoutOnly(t) : null);

    /// <summary>Like <see cref="ShouldShutDownCleanlyAsync(IHost, TimeSpan?)"/>, with full options.</summary>
    /// <param name="host">The host to check.</param>
    /// <param name="options">Timeout and report settings.</param>
    public static Task ShouldShutDownCleanlyAsync(this IHost host, TaskLeakOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return AssertCleanShutdownAsync(host, options);
    }

    /// <summary>
    /// Shuts the host down gracefully and returns the report instead of throwing: per hosted service,
    /// the stop duration, and the underlying <see cref="TaskLeakReport"/>.
    /// </summary>
    /// <param name="host">The host to check.</param>
    /// <param name="options">Timeout and report settings; by default those given to <see cref="StartTrackedAsync"/>.</param>
    public static Task<HostShutdownReport> StopAndReportAsync(this IHost host, TaskLeakOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(host);
        return HostShutdownCheck.RunAsync(host, options);
    }

    private static async Task AssertCleanShutdownAsync(IHost host, TaskLeakOptions? options)
    {
        ArgumentNullException.ThrowIfNull(host);
        var report = await HostShutdownCheck.RunAsync(host, options).ConfigureAwait(false);
        if (!report.IsClean)
        {
            throw new HostShutdownException(report);
        }
    }
}
