using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Counts the open scopes. The runtime's task events and its task table are switched on only while
/// at least one scope is open, so code outside a scope pays nothing once every scope has ended.
/// </summary>
internal static class TrackingActivation
{
    private static readonly object s_gate = new();
    private static int s_openScopes;
    private static int s_openFixtureScopes;

    public static int OpenScopes => Volatile.Read(ref s_openScopes);

    /// <summary>Open scopes of shared fixtures. While there are any, the runtime also says which task's code runs where (<see cref="RunningTasks"/>).</summary>
    public static int OpenFixtureScopes => Volatile.Read(ref s_openFixtureScopes);

    public static void FixtureScopeOpened()
    {
        lock (s_gate)
        {
            if (s_openFixtureScopes++ == 0)
            {
                TaskEventListener.Instance.ReportRunningWork(true);
            }
        }
    }

    public static void FixtureScopeClosed()
    {
        lock (s_gate)
        {
            if (--s_openFixtureScopes == 0)
            {
                TaskEventListener.Instance.ReportRunningWork(false);
            }
        }
    }

    public static void ScopeOpened()
    {
        lock (s_gate)
        {
            if (s_openScopes++ == 0)
            {
                RuntimeTaskInternals.AcquireTaskTable();
                TaskEventListener.Instance.StartListening();
            }
        }
    }

    public static void ScopeClosed()
    {
        lock (s_gate)
        {
            if (--s_openScopes == 0)
            {
                TaskEventListener.Instance.StopListening();
                RuntimeTaskInternals.ReleaseTaskTable();
            }
        }
    }
}
