using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using TaskLeakAssert.Hosting;

namespace TaskLeakAssert.AspNetCore;

/// <summary>
/// TaskLeakAssert for <see cref="WebApplicationFactory{TEntryPoint}"/> tests: start the app's server tracked,
/// shut it down the way the factory does, and fail when a hosted service, or a request, left work running.
/// </summary>
/// <example>
/// <code>
/// await using var factory = new WebApplicationFactory&lt;Program&gt;().WithTaskLeakTracking();
/// await factory.StartTrackedAsync();
/// using var client = factory.CreateClient();
/// await client.PostAsJsonAsync("/orders", order);
/// await factory.ShouldShutDownCleanlyAsync();
/// </code>
/// </example>
public static class WebApplicationFactoryExtensions
{
    /// <summary>
    /// A factory whose in-memory server runs each request in the flow of the code that sent it, so that the
    /// work a request leaves behind belongs to the test's scope (the attribute's, or a <see cref="TaskLeakScope"/>)
    /// and the report names the endpoint. It sets <see cref="TestServerOptions.PreserveExecutionContext"/>.
    /// </summary>
    /// <param name="factory">The factory to derive from; like <c>WithWebHostBuilder</c>, this returns a new factory.</param>
    /// <typeparam name="TEntryPoint">The app's entry point type.</typeparam>
    /// <remarks>
    /// It returns a factory of the base type, <c>WebApplicationFactory&lt;TEntryPoint&gt;</c>, as <c>WithWebHostBuilder</c>
    /// does: a subclass's own members are not on it. A subclass (a shared fixture) opts in inside its own
    /// <c>ConfigureWebHost</c> with <see cref="WebHostBuilderExtensions.UseTaskLeakTracking"/> instead.
    /// </remarks>
    public static WebApplicationFactory<TEntryPoint> WithTaskLeakTracking<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return factory.WithWebHostBuilder(builder => builder.UseTaskLeakTracking());
    }

    /// <summary>
    /// Starts the factory's server inside a tracking scope of its own: every task its hosted services start is
    /// tracked until the factory is checked. Call it before anything else uses the factory (CreateClient,
    /// Server and Services start the server too).
    /// </summary>
    /// <param name="factory">The factory whose server to start.</param>
    /// <param name="options">Timeout and report settings for the check.</param>
    /// <typeparam name="TEntryPoint">The app's entry point type.</typeparam>
    /// <exception cref="InvalidOperationException">The server was already started, or already started tracked.</exception>
    /// <exception cref="ObjectDisposedException">The factory was disposed.</exception>
    public static Task StartTrackedAsync<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, TaskLeakOptions? options = null)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return FactoryShutdown.StartAsync(factory, options, throwIfStarted: true);
    }

    /// <summary>
    /// Shuts the factory down the way it does itself (<c>DisposeAsync</c>: the host's graceful stop, then
    /// disposal) and throws <see cref="HostShutdownException"/> with the report, per hosted service, when it
    /// did not stop cleanly. A factory whose server was never started is started tracked first, so this call
    /// alone is a complete test. The factory is disposed afterwards.
    /// </summary>
    /// <param name="factory">The factory to check.</param>
    /// <param name="timeout">How long to wait for the shutdown, and then for the app's tasks. Default 5 seconds.</param>
    /// <typeparam name="TEntryPoint">The app's entry point type.</typeparam>
    public static Task ShouldShutDownCleanlyAsync<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, TimeSpan? timeout = null)
        where TEntryPoint : class =>
        AssertCleanShutdownAsync(factory, timeout is { } t ? TaskLeakOptions.WithTimeoutOnly(t) : null);

    /// <summary>Like <see cref="ShouldShutDownCleanlyAsync{TEntryPoint}(WebApplicationFactory{TEntryPoint}, TimeSpan?)"/>, with full options.</summary>
    /// <param name="factory">The factory to check.</param>
    /// <param name="options">Timeout and report settings.</param>
    /// <typeparam name="TEntryPoint">The app's entry point type.</typeparam>
    public static Task ShouldShutDownCleanlyAsync<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, TaskLeakOptions options)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(options);
        return AssertCleanShutdownAsync(factory, options);
    }

    /// <summary>Shuts the factory down like <see cref="ShouldShutDownCleanlyAsync{TEntryPoint}(WebApplicationFactory{TEntryPoint}, TimeSpan?)"/> and returns the report instead of throwing.</summary>
    /// <param name="factory">The factory to check.</param>
    /// <param name="options">Timeout and report settings; by default those given to <see cref="StartTrackedAsync{TEntryPoint}"/>.</param>
    /// <typeparam name="TEntryPoint">The app's entry point type.</typeparam>
    public static Task<HostShutdownReport> StopAndReportAsync<TEntryPoint>(this WebApplicationFactory<TEntryPoint> factory, TaskLeakOptions? options = null)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        return HostShutdownCheck.RunAsync(FactoryShutdown.For(factory), options);
    }

    private static async Task AssertCleanShutdownAsync<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory, TaskLeakOptions? options)
        where TEntryPoint : class
    {
        ArgumentNullException.ThrowIfNull(factory);
        var report = await HostShutdownCheck.RunAsync(FactoryShutdown.For(factory), options).ConfigureAwait(false);
        if (!report.IsClean)
        {
            throw new HostShutdownException(report);
        }
    }
}
