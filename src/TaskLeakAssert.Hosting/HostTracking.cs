using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.DependencyInjection;

namespace TaskLeakAssert.Hosting;

/// <summary>
/// The tracking scope a host (or a WebApplicationFactory's host) was started in, kept beside it without
/// keeping it alive; also by the host's diagnostic listeners, so that an integration that sees a request
/// start (ASP.NET Core's) can put the request into the host's scope.
/// </summary>
internal sealed class HostTracking
{
    private static readonly ConditionalWeakTable<object, HostTracking> s_hosts = new();
    private static readonly ConditionalWeakTable<DiagnosticListener, TaskLeakScope> s_byListener = new();
    private int _checked;

    private HostTracking(TaskLeakScope scope) => Scope = scope;

    public TaskLeakScope Scope { get; }

    /// <param name="owner">The <see cref="Microsoft.Extensions.Hosting.IHost"/>, or the factory that owns one.</param>
    public static HostTracking? Find(object owner) => s_hosts.TryGetValue(owner, out var tracking) ? tracking : null;

    public static HostTracking Register(object owner, TaskLeakScope scope)
    {
        var tracking = new HostTracking(scope);
        if (!s_hosts.TryAdd(owner, tracking))
        {
            throw new InvalidOperationException("StartTrackedAsync was already called for this host. Start a host once; check it once with ShouldShutDownCleanlyAsync.");
        }

        return tracking;
    }

    /// <summary>Once the host's services exist: its diagnostic listeners lead to its scope.</summary>
    public static void RegisterServices(IServiceProvider services, TaskLeakScope scope)
    {
        foreach (var listener in services.GetServices<DiagnosticListener>())
        {
            s_byListener.AddOrUpdate(listener, scope);
        }
    }

    /// <summary>The scope of the tracked host whose diagnostic listener this is, while that scope tracks.</summary>
    public static TaskLeakScope? ScopeOf(DiagnosticListener listener) =>
        s_byListener.TryGetValue(listener, out var scope) ? scope : null;

    public static void Forget(object owner) => s_hosts.Remove(owner);

    /// <summary>A host is checked once: its scope ends with the first check.</summary>
    public bool TryMarkChecked() => Interlocked.Exchange(ref _checked, 1) == 0;
}
