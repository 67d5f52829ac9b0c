using System.Collections.Concurrent;
using TaskLeakAssert.Reporting;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Where a test's tasks were created, kept across its runs: the rows of a theory, and each test of a class that
/// inherits it, create the same tasks at the same places every time. Once a name's tasks were created at one place
/// <see cref="CreationSites.SamePlaceInARow"/> times in a row across runs of the test, later runs borrow that site
/// instead of walking their stack for it: a stack walk is what a task costs most in a scope, and in a suite of short
/// tests most walks are of the same places (the runner's own async methods among them). Figure 9 of
/// docs/performance.md. A borrowed site is marked shared, and the report says so.
/// </summary>
/// <remarks>
/// Keyed by the test (its scope's name without the arguments) and the site key, so a test never borrows the site of
/// another test that calls the same helper. Bounded: past <see cref="Capacity"/> entries the memory starts over. A
/// site of code in a collectible assembly is never kept, so an unloadable test assembly stays unloadable.
/// </remarks>
internal static class RepeatedTestSites
{
    /// <summary>How many (test, name) entries are kept before the memory starts over.</summary>
    public const int Capacity = 256;

    private static readonly ConcurrentDictionary<(string Test, string Key), Entry> s_entries = new();

    /// <summary>The key of a test's runs: its scope's name without the arguments of a theory row or test case.</summary>
    public static string TestKeyOf(string scopeName)
    {
        int arguments = scopeName.IndexOf('(', StringComparison.Ordinal);
        return arguments > 0 ? scopeName[..arguments].TrimEnd() : scopeName;
    }

    /// <summary>The site earlier runs of <paramref name="test"/> settled on for <paramref name="key"/>, or null.</summary>
    public static CreationSite? Settled(string test, string key) =>
        s_entries.TryGetValue((test, key), out var entry) ? entry.Settled : null;

    /// <summary>Counts a site a run of <paramref name="test"/> walked for <paramref name="key"/>.</summary>
    public static void Walked(string test, string key, CreationSite site)
    {
        if (!s_entries.TryGetValue((test, key), out var entry))
        {
            if (s_entries.Count >= Capacity)
            {
                s_entries.Clear();
            }

            entry = s_entries.GetOrAdd((test, key), static _ => new Entry());
        }

        lock (entry)
        {
            if (entry.Settled is not null)
            {
                return;
            }

            entry.InARow = entry.Last is { } previous && site.SamePlaceAs(previous) ? entry.InARow + 1 : 1;
            entry.Last = site;
            if (entry.InARow >= CreationSites.SamePlaceInARow)
            {
                entry.Last = null;
                if (!site.HoldsCollectibleCode)
                {
                    entry.Settled = site.Shared();
                }
            }
        }
    }

    private sealed class Entry
    {
        public int InARow;
        public CreationSite? Last;
        public volatile CreationSite? Settled;
    }
}
