using System.Globalization;
using TaskLeakAssert.Runtime;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// Makes the verdict of a finished scope: which unfinished and faulted tasks, and which timers still firing, are leaks, with the noise
/// removed (a task shown inside another leak's await chain, plumbing that only waits on a real leak),
/// identical leaks grouped, and the user's ignore rules applied.
/// </summary>
internal static class LeakAnalyzer
{
    public static TaskLeakReport Analyze(ScopeTracker scope, ScopeOutcome outcome, TimeSpan waited, VerdictMoment decided)
    {
        var notes = new List<string>();
        if (scope.PoolWaited > TimeSpan.Zero && decided.PoolStalled is null)
        {
            notes.Add($"The thread pool made no progress for {ReportFormatter.Duration(scope.PoolWaited)} after the timeout, while this scope's work only waited for a thread: the check waited for the pool (TaskLeakOptions.StarvationGrace).");
        }

        var frameworkWork = new List<FrameworkWorkEntry>();
        var candidates = DescribeUnfinished(scope, outcome.Unfinished, notes, decided, frameworkWork, new MomentaryRun());
        candidates.AddRange(DescribeFaults(scope, outcome.Faulted, notes));
        candidates.AddRange(StillFiringTimers.Describe(outcome.Timers, outcome.UncheckedTimers, waited, notes));

        var leaks = Group(candidates);
        leaks = ApplyIgnoreRules(scope.Options, leaks, notes, out int ignored);
        notes.AddRange(NotCountedNotes(frameworkWork, ignored));
        if (scope.Leftover.LaterTasks is { Count: > 0 } later)
        {
            notes.Add($"not counted: {ReportFormatter.Count(later.Count, "task")} started, after scope '{later.Scope}' ended, by work that scope owns (its own check covers it).");
        }

        return new TaskLeakReport(scope.Name, leaks, scope.TrackedCount, waited, scope.Options.Timeout, notes) { NotCountedCount = frameworkWork.Count + ignored };
    }

    /// <summary>
    /// Whether the scope's verdict, asked now, would find nothing to report in its unfinished tasks: all that is
    /// still running is framework work or ignored by the user's rules. The wait then ends early: work that is not
    /// counted never makes the check wait.
    /// </summary>
    public static bool OnlyNotCountedWorkRemains(ScopeTracker scope, IReadOnlyList<TrackedTask> unfinished)
    {
        var notes = new List<string>();
        // Judged as a timed-out verdict would judge them: a task that seems to have ended but whose end event has not
        // arrived stays in (as a late ending), so only work positively not counted ends the wait early.
        var now = new VerdictMoment(TimedOut: true, scope.Options.TimeProvider.GetTimestamp(), scope.Options.TimeProvider);
        var candidates = DescribeUnfinished(scope, unfinished, notes, now, [], lookAgain: null);
        return candidates.Count == 0 || ApplyIgnoreRules(scope.Options, Group(candidates), notes, out _).Count == 0;
    }

    // "not counted: ASP.NET Core rate limiter timer (lives as long as the app's limiter, …)", once per entry.
    private static IEnumerable<string> NotCountedNotes(List<FrameworkWorkEntry> frameworkWork, int ignored)
    {
        foreach (var entry in frameworkWork.DistinctBy(e => e.Reason))
        {
            yield return $"not counted: {entry.Reason}; framework work, see docs/framework-work.md.";
        }

        if (ignored > 0)
        {
            yield return $"not counted: {ReportFormatter.Count(ignored, "task")} your ignore rules leave out (TaskLeakOptions.IgnoredMethods, IgnoreWhen).";
        }
    }

    private static List<LeakCandidate> DescribeUnfinished(ScopeTracker scope, IReadOnlyList<TrackedTask> unfinished, List<string> notes, VerdictMoment decided, List<FrameworkWorkEntry> frameworkWork, MomentaryRun? lookAgain)
    {
        if (unfinished.Count == 0)
        {
            return [];
        }

        // Started by a test framework for its own work after the verdict began: still its machinery.
        var machinery = TestRunnerMachinery.Among(unfinished).ToHashSet();
        unfinished = unfinished.Where(t => !machinery.Contains(t)).ToArray();
        var objects = RuntimeTaskInternals.FindTasks(unfinished.Select(t => t.Id));
        if (objects.Count == 0 && !RuntimeTaskInternals.TaskTableAvailable)
        {
            notes.Add("This runtime does not expose its task table, so statuses and await chains are missing.");
        }

        var candidates = new List<LeakCandidate>();
        var starved = decided.PoolStalled is { } stall ? new StarvedWork(scope, stall) : null;
        var ownership = FrameworkWorkOwnership.Of(unfinished);
        foreach (var record in unfinished)
        {
            if (ownership.EntryFor(record) is { } entry)
            {
                // A library's own long-lived work, and what it started: not counted, and said so in one line.
                frameworkWork.Add(entry);
                continue;
            }

            var task = objects.GetValueOrDefault(record.Id) ?? scope.Scheduler?.Find(record.Id);
            bool endedBefore = task is { IsCompleted: true } || LeftTheRuntimeTable(record, task);
            if (endedBefore && !decided.TimedOut)
            {
                // Not a timeout: it ended at the verdict's moment, before its end event arrived.
                continue;
            }

            var candidate = LeakDescriber.Describe(record, task, scope.Scheduler, LeakKind.NotCompleted, lookAgain: lookAgain);
            if (starved is not null && task is not null && PoolStarvation.WaitsForPoolThread(task))
            {
                candidate = starved.Mark(candidate, task);
            }

            // Asked again after describing: it may have ended while it was described.
            if (endedBefore || task is { IsCompleted: true })
            {
                if (!decided.TimedOut)
                {
                    continue;
                }

                // Unfinished at the deadline of a timed-out verdict: it is judged as it stood then, and says it ended late.
                candidate = LateEnding.Mark(candidate, decided.Since(), scope.Options.Timeout);
            }

            candidates.Add(candidate);
        }

        candidates = LateEnding.JoinUnfinishedAlike(candidates);

        candidates.RemoveAll(c => c.IsFrameworkMachinery);

        // A task that waits on framework work (an Unwrap proxy over its loop, a WhenAll with it) is framework work too.
        candidates.RemoveAll(c => c.Chain.Skip(1).Select(s => s.TaskId).OfType<int>().Select(ownership.EntryForTask).OfType<FrameworkWorkEntry>().FirstOrDefault() is { } entry && Add(frameworkWork, entry));

        // A task that shows up inside another leak's await chain is explained there.
        var shownInChains = candidates.SelectMany(c => c.Chain.Skip(1)).Select(s => s.TaskId).OfType<int>().ToHashSet();
        candidates.RemoveAll(c => shownInChains.Contains(c.TaskId));

        // Delays, WhenAll/WhenAny, Unwrap proxies and pending continuations only wait on other work.
        if (candidates.Exists(c => !c.IsPlumbing))
        {
            candidates.RemoveAll(c => c.IsPlumbing);
        }

        return candidates;
    }

    private static bool Add(List<FrameworkWorkEntry> entries, FrameworkWorkEntry entry)
    {
        entries.Add(entry);
        return true;
    }

    private static bool LeftTheRuntimeTable(TrackedTask record, Task? task) =>
        task is null && RuntimeTaskInternals.LeftTheTable(record.OperationName);

    private static IEnumerable<LeakCandidate> DescribeFaults(ScopeTracker scope, IReadOnlyList<FaultedTask> faulted, List<string> notes)
    {
        if (!scope.Options.FailOnFaultedTasks)
        {
            yield break;
        }

        int unknown = 0;
        foreach (var fault in faulted)
        {
            // Ask before reading Exception: reading it marks the fault observed.
            bool? observed = fault.Task is null ? null : RuntimeTaskInternals.IsFaultObserved(fault.Task);
            if (observed is null)
            {
                unknown++;
                continue;
            }

            if (observed == true)
            {
                continue;
            }

            var exception = fault.Task!.Exception is { InnerExceptions.Count: 1 } aggregate ? aggregate.InnerExceptions[0] : fault.Task.Exception;
            yield return LeakDescriber.Describe(fault.Record, fault.Task, scope.Scheduler, LeakKind.Faulted, exception);
        }

        if (unknown > 0)
        {
            notes.Add($"{unknown} task(s) faulted, but this runtime does not tell whether their exceptions were observed, so they were not judged.");
        }
    }

    // Nothing to group in a clean verdict, most verdicts: its LINQ would cost every test process the JIT of its
    // generic code and every verdict its generic lookups (1% of a suite's added time, figure 9).
    private static List<LeakedTask> Group(List<LeakCandidate> candidates) => candidates.Count == 0 ? [] :
        candidates
            .GroupBy(c => c.GroupKey)
            .Select(g =>
            {
                var first = g.OrderBy(c => c.TaskId).First();
                return (first.TaskId, Leak: new LeakedTask(
                    first.TaskId,
                    g.Count(),
                    first.Description,
                    first.MethodName,
                    first.Kind,
                    first.Status,
                    first.IsRunning,
                    first.State,
                    first.Exception,
                    SiteOf(first.CreationStackTrace, g.Count(), g.Count(c => c.SiteShared)),
                    first.Chain.Select(s => s.Text).ToArray(),
                    first.Hint,
                    first.CreatorTypes,
                    first.StartedDuring,
                    first.StaticCheck));
            })
            // A timer still firing first: it is the source of the runs listed after it.
            .OrderBy(x => x.Leak.Kind == LeakKind.StillFiring ? -1 : (int)x.Leak.Kind)
            .ThenBy(x => x.TaskId)
            .Select(x => x.Leak)
            .ToList();

    /// <summary>The group's site, saying so when some of its tasks only borrowed it.</summary>
    private static string? SiteOf(string? site, int count, int shared) =>
        shared == 0 || site is null
            ? site
            : string.Create(CultureInfo.InvariantCulture, $"{site}{Environment.NewLine}({(shared == count ? "" : $"{shared} of these: ")}site of an earlier task of the same name: a name's sites are not captured past {CreationSites.SamePlaceInARow} in a row from one place, or past {CreationSites.ExactSitesPerName})");

    private static List<LeakedTask> ApplyIgnoreRules(TaskLeakOptions options, List<LeakedTask> leaks, List<string> notes, out int ignored)
    {
        ignored = 0;
        if (options.IgnoredMethods.Count == 0 && options.IgnoreWhen.Count == 0)
        {
            return leaks;
        }

        var kept = leaks.Where(leak => !IsIgnored(options, leak, notes)).ToList();
        ignored = leaks.Sum(l => l.Count) - kept.Sum(l => l.Count);
        return kept;
    }

    private static bool IsIgnored(TaskLeakOptions options, LeakedTask leak, List<string> notes)
    {
        if (leak.MethodName is { } method && options.IgnoredMethods.Any(name =>
                method == name || method.EndsWith("." + name, StringComparison.Ordinal)))
        {
            return true;
        }

        foreach (var predicate in options.IgnoreWhen)
        {
            try
            {
                if (predicate(leak))
                {
                    return true;
                }
            }
            catch (Exception e)
            {
                notes.Add($"An IgnoreWhen predicate threw {e.GetType().Name} ({e.Message}) for '{leak.Description}'; the leak was kept.");
            }
        }

        return false;
    }
}
