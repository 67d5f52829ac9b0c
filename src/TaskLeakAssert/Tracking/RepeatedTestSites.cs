using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using TaskLeakAssert.Reporting;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Where a test's tasks were created, kept across its runs: the rows of a theory, and each test of a class that
/// inherits it, create the same tasks at the same places every time. Once a name's tasks were created at one place
/// <see cref="CreationSites.SamePlaceInARow"/> times in a row across runs of the test, later runs borrow that site
/// instead of walking their stack for it: a stack walk is what a task costs most in a scope, and in a suite of short
/// tests most walks are of the same places. Figure 9 of docs/performance.md. A borrowed site is marked shared, and
/// the report says so.
/// </summary>
/// <remarks>
/// <para>
/// Keyed by the test (its scope's name without the arguments) and the site key, so a test never borrows the site of
/// another test that calls the same helper. One exception: a site that is the test runner's own work (no frame but the
/// runtime's, TaskLeakAssert's and the runner's, <see cref="CreationSite.IsTheRunnersOwn"/>) is the same for every
/// test, so every test borrows it once it repeated: the runner's async methods that run each test are walked a few
/// times a process, not a few times a test (in a suite of facts, where every test runs once, that was most walks).
/// Such a site has no user frame, so it decides nothing a task's own site would decide differently: whether a task is
/// the runner's machinery or a framework's work is read from the task's code, and a user's task of the same
/// compiler-generated name lent the site counts as a leak like any other, its creation line unknown.
/// </para>
/// <para>
/// Bounded: past <see cref="Capacity"/> entries a memory starts over. A site of code in a collectible assembly is
/// never kept, so an unloadable test assembly stays unloadable.
/// </para>
/// </remarks>
internal static class RepeatedTestSites
{
    /// <summary>How many (test, name) entries, and how many of the runner's names, are kept before a memory starts over.</summary>
    public const int Capacity = 256;

    private static readonly Memory<(string Test, string Key)> s_entries = new(null);
    private static readonly Memory<string> s_runnersOwn = new(StringComparer.Ordinal);

    /// <summary>The key of a test's runs: its scope's name without the arguments of a theory row or test case.</summary>
    public static string TestKeyOf(string scopeName)
    {
        int arguments = scopeName.IndexOf('(', StringComparison.Ordinal);
        return arguments > 0 ? scopeName[..arguments].TrimEnd() : scopeName;
    }

    /// <summary>The site earlier runs of <paramref name="test"/>, or the runner for every test, settled on for <paramref name="key"/>, or null.</summary>
    public static CreationSite? Settled(string test, string key) =>
        s_entries.TryGet((test, key), out var entry) && entry.Settled is { } own ? own
        : s_runnersOwn.TryGet(key, out var runners) ? runners.Settled
        : null;

    /// <summary>Counts a site a run of <paramref name="test"/> walked for <paramref name="key"/>.</summary>
    public static void Walked(string test, string key, CreationSite site) => Walked(test, key, site, site.IsTheRunnersOwn);

    /// <summary>Like <see cref="Walked(string, string, CreationSite)"/>, told whether the site is the runner's own work.</summary>
    internal static void Walked(string test, string key, CreationSite site, bool runnersOwn)
    {
        s_entries.Of((test, key)).Count(site);
        if (runnersOwn)
        {
            s_runnersOwn.Of(key).Count(site);
        }
    }

    /// <summary>
    /// Entries by key, up to about <see cref="Capacity"/>, then it starts over. Counted apart: a
    /// <see cref="ConcurrentDictionary{TKey, TValue}"/>'s Count takes every lock, and it was asked on every new key
    /// (2% of a suite's added time, figure 9 of docs/performance.md). A count raced by a clear is off by a few.
    /// </summary>
    private sealed class Memory<TKey>(IEqualityComparer<TKey>? comparer)
        where TKey : notnull
    {
        private readonly ConcurrentDictionary<TKey, Entry> _entries = new(comparer);
        private int _count;

        public bool TryGet(TKey key, [NotNullWhen(true)] out Entry? entry) => _entries.TryGetValue(key, out entry);

        public Entry Of(TKey key)
        {
            if (_entries.TryGetValue(key, out var entry))
            {
                return entry;
            }

            if (Volatile.Read(ref _count) >= Capacity)
            {
                _entries.Clear();
                Volatile.Write(ref _count, 0);
            }

            var added = new Entry();
            entry = _entries.GetOrAdd(key, added);
            if (ReferenceEquals(entry, added))
            {
                Interlocked.Increment(ref _count);
            }

            return entry;
        }
    }

    private sealed class Entry
    {
        private int _inARow;
        private CreationSite? _last;

        public volatile CreationSite? Settled;

        public void Count(CreationSite site)
        {
            lock (this)
            {
                if (Settled is not null)
                {
                    return;
                }

                _inARow = _last is { } previous && site.SamePlaceAs(previous) ? _inARow + 1 : 1;
                _last = site;
                if (_inARow >= CreationSites.SamePlaceInARow)
                {
                    _last = null;
                    if (!site.HoldsCollectibleCode)
                    {
                        Settled = site.Shared();
                    }
                }
            }
        }
    }
}
