using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using TaskLeakAssert.Hosting;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert.AspNetCore;

/// <summary>
/// Follows ASP.NET Core's own request diagnostics (<c>Microsoft.AspNetCore.Hosting.BeginRequest</c> and
/// <c>Microsoft.AspNetCore.Routing.EndpointMatched</c>, written on the request's own flow). At the start of a
/// request of a tracked host, a request that carries no scope of its own (Kestrel runs each connection without
/// the flow that started the host) joins the host's scope; every request records what it is, so a task it
/// leaves behind says which endpoint started it. A request that already carries a test's scope (a
/// WebApplicationFactory made with <see cref="WebApplicationFactoryExtensions.WithTaskLeakTracking{TEntryPoint}"/>)
/// stays in it. Nothing is registered in the app.
/// </summary>
/// <remarks>
/// The events are asked for only while a scope is open, so a request outside every scope costs ASP.NET Core
/// one <c>IsEnabled</c> call. A callback never throws into the request.
/// </remarks>
internal static class RequestTracking
{
    private const string BeginRequest = "Microsoft.AspNetCore.Hosting.BeginRequest";
    private const string EndpointMatched = "Microsoft.AspNetCore.Routing.EndpointMatched";
    private static int s_activated;

    /// <summary>Called once by TaskLeakAssert.Hosting (by name) or by this package's own entry points.</summary>
    public static void Activate()
    {
        if (Interlocked.Exchange(ref s_activated, 1) == 0)
        {
            DiagnosticListener.AllListeners.Subscribe(new ListenerObserver());
        }
    }

    private static bool IsEnabled(string name) =>
        TrackingActivation.OpenScopes > 0 && name is BeginRequest or EndpointMatched;

    private static void OnEvent(DiagnosticListener listener, string name, object? payload)
    {
        try
        {
            switch (name)
            {
                case BeginRequest when HttpContextOf(payload) is { } context:
                    if (ScopeTracker.OwnerOfNewTask() is null && HostTracking.ScopeOf(listener) is { } hostScope)
                    {
                        hostScope.EnterFlow();
                    }

                    StartContext.Enter(new RequestContext(context.Request.Method, context.Request.Path.ToString()));
                    break;
                case EndpointMatched when payload is HttpContext context && StartContext.Current is RequestContext request:
                    request.Matched(context.GetEndpoint());
                    break;
            }
        }
        catch (Exception)
        {
            // Never into the request: the request then reads as untracked, which is what it was before.
        }
    }

    private static (Type Type, System.Reflection.PropertyInfo? Property)? s_payloadShape;

    // BeginRequest's payload is an internal record with an httpContext property; read it by name (once per type).
    private static HttpContext? HttpContextOf(object? payload)
    {
        if (payload is null)
        {
            return null;
        }

        var shape = s_payloadShape;
        if (shape?.Type != payload.GetType())
        {
            shape = (payload.GetType(), payload.GetType().GetProperty("httpContext"));
            s_payloadShape = shape;
        }

        return shape.Value.Property?.GetValue(payload) as HttpContext;
    }

    private sealed class ListenerObserver : IObserver<DiagnosticListener>
    {
        public void OnNext(DiagnosticListener listener)
        {
            if (listener.Name == "Microsoft.AspNetCore")
            {
                listener.Subscribe(new EventObserver(listener), IsEnabled);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }

    private sealed class EventObserver(DiagnosticListener listener) : IObserver<KeyValuePair<string, object?>>
    {
        public void OnNext(KeyValuePair<string, object?> value) => OnEvent(listener, value.Key, value.Value);

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
