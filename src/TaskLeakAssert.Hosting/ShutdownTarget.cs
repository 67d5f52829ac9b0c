using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting;

/// <summary>
/// What the shutdown check needs of the thing it shuts down: an <see cref="IHost"/>, or a WebApplicationFactory
/// that owns one (TaskLeakAssert.AspNetCore). One check, one report format, for both.
/// </summary>
internal sealed class ShutdownTarget
{
    /// <summary>The key its tracking is registered under: the host, or the factory.</summary>
    public required object Owner { get; init; }

    /// <summary>The host's services; throws <see cref="ObjectDisposedException"/> when it was disposed.</summary>
    public required Func<IServiceProvider> Services { get; init; }

    /// <summary>Whether it was started (by anyone) before the check.</summary>
    public required Func<bool> WasStarted { get; init; }

    public required Func<TaskLeakOptions?, Task> StartTrackedAsync { get; init; }

    /// <summary>The graceful shutdown, as the host's owner does it.</summary>
    public required Func<Task> StopAsync { get; init; }

    /// <summary>How a message names the call that begins tracking: <c>host.StartTrackedAsync(options)</c>.</summary>
    public required string StartTrackedName { get; init; }

    /// <summary>How the report names the stop: <c>IHost.StopAsync</c>.</summary>
    public required string StopName { get; init; }

    /// <summary>The report's note when it was started untracked.</summary>
    public required string UntrackedNote { get; init; }

    /// <summary>What to tell a caller who disposed it before the check.</summary>
    public required string DisposedMessage { get; init; }

    public static ShutdownTarget For(IHost host) => new()
    {
        Owner = host,
        Services = () => host.Services,
        WasStarted = () => host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStarted.IsCancellationRequested,
        StartTrackedAsync = options => host.StartTrackedAsync(options),
        StopAsync = () => host.StopAsync(),
        StartTrackedName = "host.StartTrackedAsync(options)",
        StopName = "IHost.StopAsync",
        UntrackedNote = "The host was started with StartAsync, not StartTrackedAsync: tasks started outside a scope were not tracked. Only the hosted services, their ExecuteTask and the stop itself were checked.",
        DisposedMessage = "The host was disposed before it was checked. Check it first and dispose it after: `using var host = builder.Build(); ... await host.ShouldShutDownCleanlyAsync();`.",
    };
}
