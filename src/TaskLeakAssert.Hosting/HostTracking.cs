using System.Runtime.CompilerServices;
using Microsoft.Extensions.Hosting;

namespace TaskLeakAssert.Hosting;

/// <summary>The tracking scope a host was started in, kept beside the host without keeping it alive.</summary>
internal sealed class HostTracking
{
    private static readonly ConditionalWeakTable<IHost, HostTracking> s_hosts = new();
    private int _checked;

    private HostTracking(TaskLeakScope scope) => Scope = scope;

    public TaskLeakScope Scope { get; }

    public static HostTracking? Find(IHost host) => s_hosts.TryGetValue(host, out var tracking) ? tracking : null;

    public static HostTracking Register(IHost host, TaskLeakScope scope)
    {
        var tracking = new HostTracking(scope);
        if (!s_hosts.TryAdd(host, tracking))
        {
            throw new InvalidOperationException("StartTrackedAsync was already called for this host. Start a host once; check it once with ShouldShutDownCleanlyAsync.");
        }

        return tracking;
    }

    public static void Forget(IHost host) => s_hosts.Remove(host);

    /// <summary>A host is checked once: its scope ends with the first check.</summary>
    public bool TryMarkChecked() => Interlocked.Exchange(ref _checked, 1) == 0;
}
