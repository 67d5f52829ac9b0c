using System.Collections.Concurrent;
using TaskLeakAssert.Reporting;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Where one scope's tasks and timers were created. A stack walk is what a task costs most in a scope, so a name
/// gets sites of its own only until its tasks repeat one place, or there are many; later ones borrow the last.
/// </summary>
internal sealed class CreationSites(TaskLeakOptions options)
{
    private readonly TaskLeakOptions _options = options;
    private readonly ConcurrentDictionary<string, SiteSlot> _sites = new(StringComparer.Ordinal);

    /// <summary>
    /// The test whose run this scope is (<see cref="RepeatedTestSites.TestKeyOf"/>), when it is a test's scope: its
    /// sites are then kept across its runs. Null for other scopes (a host, a scope a user opens), whose names say
    /// nothing about the code they run.
    /// </summary>
    public string? TestKey { get; set; }

    /// <summary>How many tasks of one name a scope captures its own creation site for; later ones share the last.</summary>
    public const int ExactSitesPerName = 16;

    /// <summary>
    /// How many tasks of one name created at the same place in a row end the capture for that name: later ones share
    /// the last site. A request's tasks, a loop's workers are created at one place again and again, and a stack walk
    /// is what a task costs most in a scope (figure 7 of docs/performance.md).
    /// </summary>
    public const int SamePlaceInARow = 3;

    /// <summary>
    /// The creation site for a task: its own for the tasks of a name in the scope until <see cref="SamePlaceInARow"/>
    /// in a row were created at the same place, or <see cref="ExactSitesPerName"/> were captured; then the last one
    /// captured, marked as shared, so a loop that starts thousands stays cheap. Generic names (Task.Delay, WhenAll,
    /// WhenAny, Unwrap) are created from anywhere, so they are keyed by the method that created them too: a
    /// framework's timeout delay must not borrow the site of the user's delay.
    /// </summary>
    public CreationSite? For(string operationName)
    {
        if (!_options.CaptureStackTraces)
        {
            return null;
        }

        // A generic name's key needs the creator, near the top of the stack: the top is walked for it, and the whole
        // stack only for a site of its own (a walk costs what it walks; a test body starts under ~200 runner frames).
        bool keyedByCreator = OperationName.IsGeneric(operationName) || operationName == TimerOperation;
        var walked = keyedByCreator ? CreationSite.WalkTop() : null;
        var creator = walked is null ? null : CreationSite.FindCreator(walked);
        if (walked is { IsWhole: false } && creator is null)
        {
            walked = CreationSite.Walk();
            creator = CreationSite.FindCreator(walked);
        }

        string key = creator is not null ? $"{operationName}@{creator.Module.ModuleVersionId}:{creator.MetadataToken}" : operationName;
        var slot = _sites.GetOrAdd(key, static (key, test) => new SiteSlot { Shared = test is null ? null : RepeatedTestSites.Settled(test, key) }, TestKey);
        if (slot.Shared is { } shared)
        {
            return shared;
        }

        var site = CreationSite.Of(walked is { IsWhole: true } ? walked : walked?.CutAtScopeBase() ?? CreationSite.Walk(), armsTimer: operationName == TimerOperation);
        if (TestKey is { } test)
        {
            RepeatedTestSites.Walked(test, key, site);
        }

        lock (slot)
        {
            slot.InARow = slot.Last is { } previous && site.SamePlaceAs(previous) ? slot.InARow + 1 : 1;
            slot.Last = site;
            if (++slot.Captured >= ExactSitesPerName || slot.InARow >= SamePlaceInARow)
            {
                slot.Shared = site.Shared();
            }
        }

        return site;
    }

    /// <summary>
    /// The site where a timer is armed: like a generic task name, keyed by the method that armed it, so the
    /// timeouts of a loop stay cheap and a user's timer never borrows the site of a framework's timeout.
    /// </summary>
    public CreationSite? ForTimer() => For(TimerOperation);

    /// <summary>The key under which timers' sites are kept; never a task's operation name.</summary>
    public const string TimerOperation = "Timer";

    /// <summary>
    /// Remembers an async method's task that got its own creation site: the only tasks whose sites can carry a
    /// caller chain on (<see cref="LogicalCallers"/>), at most <see cref="ExactSitesPerName"/> per name, let go at <see cref="Clear"/>.
    /// </summary>
    public void RememberOwner(TrackedTask task)
    {
        if (task.Site is { IsShared: false } && _sites.TryGetValue(task.OperationName, out var slot))
        {
            lock (slot)
            {
                slot.Owners.Add(task);
            }
        }
    }

    /// <summary>The tasks of this name that got their own creation site (see <see cref="RememberOwner"/>).</summary>
    public TrackedTask[] Owners(string operationName)
    {
        if (!_sites.TryGetValue(operationName, out var slot))
        {
            return [];
        }

        lock (slot)
        {
            return [.. slot.Owners];
        }
    }

    private sealed class SiteSlot
    {
        public int Captured;
        public int InARow;
        public CreationSite? Last;
        public volatile CreationSite? Shared;
        public List<TrackedTask> Owners { get; } = [];
    }

    /// <summary>Lets go of every site and the tasks remembered with them: the scope has ended.</summary>
    public void Clear() => _sites.Clear();
}
