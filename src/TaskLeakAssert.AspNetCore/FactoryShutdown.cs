using System.Reflection;
using Microsoft.AspNetCore.Mvc.Testing;
using TaskLeakAssert.Hosting;

namespace TaskLeakAssert.AspNetCore;

/// <summary>A WebApplicationFactory as the shutdown check sees it: its host's services, its own way of shutting down.</summary>
internal static class FactoryShutdown
{
    private const string DisposedMessage =
        "The WebApplicationFactory was disposed before it was checked. Check it instead of disposing it: `await factory.ShouldShutDownCleanlyAsync();` shuts it down the way DisposeAsync does.";

    public static ShutdownTarget For<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class => new()
        {
            Owner = factory,
            Services = () => NotDisposed(factory).Services,
            WasStarted = () => FactoryInternals<TEntryPoint>.IsStarted(NotDisposed(factory)) ?? false,
            StartTrackedAsync = options => StartAsync(factory, options, throwIfStarted: false),
            StopAsync = () => factory.DisposeAsync().AsTask(),
            StartTrackedName = "factory.StartTrackedAsync(options)",
            StopName = "WebApplicationFactory.DisposeAsync",
            UntrackedNote = "The factory's server was started before TaskLeakAssert saw it (by CreateClient, Server or Services), so the tasks it started were not tracked. Only the hosted services, their ExecuteTask and the shutdown itself were checked. Call `await factory.StartTrackedAsync()` first.",
            DisposedMessage = DisposedMessage,
        };

    /// <summary>
    /// Starts the factory's server inside a scope of its own (the factory starts it on first use of its
    /// services). A server that was already running starts no task here: then nothing is tracked.
    /// </summary>
    public static async Task StartAsync<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory, TaskLeakOptions? options, bool throwIfStarted)
        where TEntryPoint : class
    {
        RequestTracking.Activate();
        if (FactoryInternals<TEntryPoint>.IsStarted(NotDisposed(factory)) == true)
        {
            ThrowOrReturnWhenStarted(throwIfStarted);
            return;
        }

        var scope = TaskLeakScope.BeginCore("web application", options, MethodBase.GetCurrentMethod(), scheduler: null, flowsAreItsWorkOnly: true);
        HostTracking.Register(factory, scope);
        IServiceProvider services;
        try
        {
            services = factory.Services;
        }
        catch (Exception e)
        {
            HostTracking.Forget(factory);
            await scope.DisposeAsync().ConfigureAwait(false);
            if (e is ObjectDisposedException disposed)
            {
                throw new ObjectDisposedException(DisposedMessage, disposed);
            }

            throw;
        }

        if (scope.TrackedCount == 0)
        {
            // Where the factory's fields are unknown: a server that was running already starts no task here.
            HostTracking.Forget(factory);
            await scope.DisposeAsync().ConfigureAwait(false);
            ThrowOrReturnWhenStarted(throwIfStarted);
            return;
        }

        HostTracking.RegisterServices(services, scope);
    }

    private static WebApplicationFactory<TEntryPoint> NotDisposed<TEntryPoint>(WebApplicationFactory<TEntryPoint> factory)
        where TEntryPoint : class =>
        FactoryInternals<TEntryPoint>.IsDisposed(factory) == true ? throw new ObjectDisposedException(DisposedMessage, (Exception?)null) : factory;

    private static void ThrowOrReturnWhenStarted(bool throwIfStarted)
    {
        if (throwIfStarted)
        {
            throw new InvalidOperationException(
                "This factory's server was already started (by CreateClient, Server or Services), so the tasks it started are unknown. Call `await factory.StartTrackedAsync()` before anything else uses the factory.");
        }
    }
}
