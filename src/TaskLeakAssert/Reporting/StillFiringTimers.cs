using System.Globalization;
using TaskLeakAssert.Runtime;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// Names work that keeps starting at its source: a timer the scope's code armed that is still scheduled at the
/// verdict (read from the runtime's timer queues), with where it was armed and how often it fired while the
/// verdict waited. This holds whether or not one of its runs happened to be unfinished at the deadline.
/// </summary>
/// <remarks>
/// Only timers whose callback is user code count. The runtime's own timers (a Task.Delay, a CancelAfter, a
/// WaitAsync timeout, a PeriodicTimer's tick) are the mechanics of tasks that are judged as tasks; a library's
/// timer is its own business, and the report says in one line that it did not count it. Where the queues cannot
/// be read, a timer counts when it fired during the wait and repeats (periodic, or armed again after a run).
/// </remarks>
internal static class StillFiringTimers
{
    public static IEnumerable<LeakCandidate> Describe(IReadOnlyList<TrackedTimer> timers, int uncheckedTimers, TimeSpan waited, List<string> notes)
    {
        if (uncheckedTimers > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"{uncheckedTimers} timer(s) armed past the first {ScopeTimers.MaxPerScope} still scheduled were not checked for still firing."));
        }

        // A one-shot timer that fired as often as it was armed is done; asking the queues for its id could only find
        // another timer that happens to share it.
        var live = timers.Where(t => t.MayStillBeScheduled).ToList();
        if (live.Count == 0)
        {
            return [];
        }

        var scheduled = RuntimeTimerInternals.FindScheduled(live.Select(t => t.Id).ToHashSet());
        if (scheduled is null)
        {
            notes.Add("This runtime does not expose its timer queues: a timer is reported only when it fired during the wait and repeats.");
        }

        var leaks = new List<LeakCandidate>();
        var libraryTimers = new List<string>();
        int otherFlows = 0;
        foreach (var timer in live)
        {
            Delegate? callback = null;
            if (scheduled is not null)
            {
                if (!scheduled.TryGetValue(timer.Id, out var sameId))
                {
                    continue;
                }

                int mine = sameId.FindIndex(timer.RunsInItsFlow);
                if (mine < 0)
                {
                    otherFlows++;
                    continue;
                }

                callback = sameId[mine].Callback;
                var owner = callback?.Method.DeclaringType;
                if (owner is null || FrameFilter.IsRuntimeOrSelf(owner))
                {
                    continue;
                }

                if (!FrameFilter.IsUserType(owner))
                {
                    libraryTimers.Add(owner.FullName ?? owner.Name);
                    continue;
                }
            }
            else if (timer.FiresDuringWait == 0 || !(timer.IsPeriodic || timer.Schedules > 1) || timer.Site is not { HasUserFrames: true })
            {
                continue;
            }

            leaks.Add(Describe(timer, callback, waited));
        }

        if (otherFlows > 0)
        {
            notes.Add($"not counted: {Plural(otherFlows, "timer")} armed in this scope still scheduled but running in another flow (created outside the scope, or another timer with the same runtime id).");
        }

        if (libraryTimers.Count > 0)
        {
            notes.Add($"not counted: {Plural(libraryTimers.Count, "library timer")} still scheduled ({string.Join(", ", libraryTimers.Distinct())}); a library's own timers are not this scope's leaks.");
        }

        return leaks;
    }

    private static LeakCandidate Describe(TrackedTimer timer, Delegate? callback, TimeSpan waited)
    {
        var name = callback is not null ? FriendlyName.ForMethod(callback.Method) : (FriendlyName?)null;
        string description = name is { } n ? $"Timer calling {n}" : $"Timer armed in {timer.Site?.Creator?.ToString() ?? "unknown code"}";
        var types = new List<Type>();
        if (FriendlyName.UserType(callback?.Method.DeclaringType) is { } own)
        {
            types.Add(own);
        }

        types.AddRange(timer.Site?.UserTypes ?? []);
        return new LeakCandidate(
            TaskId: 0,
            LeakKind.StillFiring,
            new OperationName(TaskOrigin.Other, CreationSites.TimerOperation),
            description,
            name?.Qualified,
            Status: null,
            IsRunning: false,
            State(timer, waited),
            Chain: [],
            timer.Site?.Text,
            LeakHints.StillFiring,
            Exception: null,
            CreatorTypes: types.Distinct().ToArray(),
            HasUserCreationFrames: timer.Site?.HasUserFrames ?? true,
            SiteShared: timer.Site?.IsShared ?? false,
            StaticCheck: StaticRules.StillFiring);
    }

    // "still scheduled at the verdict, firing every 50 ms: 38 runs during the 2 s wait"
    private static string State(TrackedTimer timer, TimeSpan waited)
    {
        string every = timer.IsPeriodic ? $", firing every {ReportFormatter.Duration(TimeSpan.FromMilliseconds(timer.Period))}"
            : timer.Schedules > 1 ? timer.MeasuredInterval() is { } interval
                ? $", armed again after each run (about every {ReportFormatter.Duration(interval)})"
                : ", armed again after each run"
            : " (one-shot, not yet due)";
        string runs = timer.FiresDuringWait switch
        {
            0 => $"no run during the {ReportFormatter.Duration(waited)} wait",
            int n => $"{Plural(n, "run")} during the {ReportFormatter.Duration(waited)} wait",
        };
        return $"still scheduled at the verdict{every}: {runs}";
    }

    private static string Plural(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");
}
