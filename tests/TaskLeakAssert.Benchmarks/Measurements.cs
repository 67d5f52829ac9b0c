using System.Diagnostics.Tracing;
using System.Diagnostics;
using Microsoft.Extensions.Hosting;
using TaskLeakAssert.Hosting;

namespace TaskLeakAssert.Benchmarks;

/// <summary>The six figures of docs/performance.md. Each returns its numbers; Program prints them against the goals.</summary>
public static class Measurements
{
    // 1. The task-heavy loop inside a scope vs the same loop with no scope, alternating runs.
    public static async Task<(double Baseline, double NoCapture, double Default)> PerTaskOverheadAsync(Sizes sizes)
    {
        var noCapture = new TaskLeakOptions { CaptureStackTraces = false };
        var defaults = new TaskLeakOptions();
        await Workloads.TaskHeavyLoopAsync(sizes.LoopIterations / 10);
        await InScopeAsync(defaults, sizes.LoopIterations / 10);

        var baseline = new List<double>();
        var capture = new List<double>();
        var plain = new List<double>();
        for (int r = 0; r < sizes.Repetitions; r++)
        {
            baseline.Add(await Stats.TimeAsync(() => Workloads.TaskHeavyLoopAsync(sizes.LoopIterations)));
            plain.Add(await Stats.TimeAsync(() => InScopeAsync(noCapture, sizes.LoopIterations)));
            capture.Add(await Stats.TimeAsync(() => InScopeAsync(defaults, sizes.LoopIterations)));
        }

        return (Stats.Median(baseline), Stats.Median(plain), Stats.Median(capture));
    }

    // 1b. The same loop with only an empty listener on the same runtime events: the cost of the event path itself.
    public static async Task<(double Baseline, double EmptyListener)> EventPathFloorAsync(Sizes sizes)
    {
        var baseline = new List<double>();
        var floor = new List<double>();
        for (int r = 0; r < sizes.Repetitions; r++)
        {
            baseline.Add(await Stats.TimeAsync(() => Workloads.TaskHeavyLoopAsync(sizes.LoopIterations)));
            using var listener = new EmptyTplListener();
            listener.Start();
            floor.Add(await Stats.TimeAsync(() => Workloads.TaskHeavyLoopAsync(sizes.LoopIterations)));
        }

        return (Stats.Median(baseline), Stats.Median(floor));
    }

    // 2. Start, exercise and stop a host with 20 BackgroundServices, tracked vs untracked.
    public static async Task<(double Untracked, double Tracked)> HostAsync(Sizes sizes)
    {
        var untracked = new List<double>();
        var tracked = new List<double>();
        await UntrackedHostAsync(sizes.HostMessages);
        await TrackedHostAsync(sizes.HostMessages);
        for (int r = 0; r < sizes.Repetitions; r++)
        {
            untracked.Add(await Stats.TimeAsync(() => UntrackedHostAsync(sizes.HostMessages)));
            tracked.Add(await Stats.TimeAsync(() => TrackedHostAsync(sizes.HostMessages)));
        }

        return (Stats.Median(untracked), Stats.Median(tracked));
    }

    // 7. A web app's test, as the Storefront sample writes it, without and with the check, alternating.
    /// <summary>
    /// Figure 7. Each round times both variants back to back, in alternating order, and keeps their ratio: the
    /// machine's drift over the run (another process, the GC's state) then weighs on both sides of a ratio alike.
    /// </summary>
    public static async Task<(double Untracked, double Tracked, double PairedRatio)> WebAppAsync(Sizes sizes)
    {
        await WebAppWorkload.UntrackedAsync();
        await WebAppWorkload.TrackedAsync();
        return await PairedRoundsAsync(WebAppWorkload.UntrackedAsync, WebAppWorkload.TrackedAsync, sizes.WebAppRuns);
    }

    /// <summary>
    /// Figure 7b, the floor of 7: the same test without the library, with an empty listener on the runtime events
    /// TaskLeakAssert listens to (task and timer events) against none.
    /// </summary>
    public static async Task<double> WebAppFloorAsync(Sizes sizes)
    {
        using var listener = new EmptyTplListener();
        async Task WithListenerAsync()
        {
            listener.Start(timerEvents: true);
            try
            {
                await WebAppWorkload.UntrackedAsync();
            }
            finally
            {
                listener.DisableEvents(EventSource.GetSources().First(s => s.Name == "System.Threading.Tasks.TplEventSource"));
                listener.DisableEvents(EventSource.GetSources().First(s => s.Name == "System.Diagnostics.Eventing.FrameworkEventSource"));
            }
        }

        await WithListenerAsync();
        var (_, _, ratio) = await PairedRoundsAsync(WebAppWorkload.UntrackedAsync, WithListenerAsync, sizes.WebAppRuns);
        return ratio;
    }

    private static async Task<(double Plain, double Other, double PairedRatio)> PairedRoundsAsync(Func<Task> plain, Func<Task> other, int rounds)
    {
        var plainTimes = new List<double>();
        var otherTimes = new List<double>();
        var ratios = new List<double>();
        for (int r = 0; r < rounds; r++)
        {
            double a, b;
            if (r % 2 == 0)
            {
                a = await Stats.TimeAsync(plain);
                b = await Stats.TimeAsync(other);
            }
            else
            {
                b = await Stats.TimeAsync(other);
                a = await Stats.TimeAsync(plain);
            }

            plainTimes.Add(a);
            otherTimes.Add(b);
            ratios.Add(b / a);
        }

        return (Stats.Median(plainTimes), Stats.Median(otherTimes), Stats.Median(ratios));
    }

    // 3. The loop of (1) in fresh processes: library never loaded vs one scope opened and closed first.
    public static async Task<(double NeverLoaded, double AfterScope)> ZeroCostOutsideScopesAsync(Sizes sizes)
    {
        var never = new List<double>();
        var after = new List<double>();
        for (int r = 0; r < sizes.ChildRuns; r++)
        {
            never.Add(await ChildRunAsync("never", sizes.LoopIterations));
            after.Add(await ChildRunAsync("after-scope", sizes.LoopIterations));
        }

        return (Stats.Median(never), Stats.Median(after));
    }

    // 3b. In one process, before anything else ran: the loop before any scope was opened, then after one scope
    // was opened and closed. Same process, same JIT state: far less noise than comparing fresh processes.
    public static async Task<(double BeforeAnyScope, double AfterOneScope)> OutsideScopesInProcessAsync(Sizes sizes)
    {
        // Let tiered compilation finish first, or "before" measures the JIT rather than the loop.
        for (int w = 0; w < 5; w++)
        {
            await Workloads.TaskHeavyLoopAsync(sizes.LoopIterations);
        }

        await Task.Delay(TimeSpan.FromSeconds(1));
        var before = new List<double>();
        for (int r = 0; r < sizes.Repetitions; r++)
        {
            before.Add(await Stats.TimeAsync(() => Workloads.TaskHeavyLoopAsync(sizes.LoopIterations)));
        }

        await InScopeAsync(new TaskLeakOptions(), 10);
        var after = new List<double>();
        for (int r = 0; r < sizes.Repetitions; r++)
        {
            after.Add(await Stats.TimeAsync(() => Workloads.TaskHeavyLoopAsync(sizes.LoopIterations)));
        }

        return (Stats.Median(before), Stats.Median(after));
    }

    // 4. From the completion of the last tracked task to StopAsync returning.
    public static async Task<(double Median, double P99)> VerdictLatencyAsync(Sizes sizes)
    {
        var latencies = new List<double>(sizes.LatencyScopes);
        for (int i = 0; i < sizes.LatencyScopes; i++)
        {
            var gate = new TaskCompletionSource();
            var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(30) });
            var last = WaitAsync(gate.Task);
            var stop = scope.StopAsync();
            long completed = Stopwatch.GetTimestamp();
            gate.SetResult();
            await stop;
            latencies.Add(Stopwatch.GetElapsedTime(completed).TotalMilliseconds);
            await last;
        }

        return (Stats.Median(latencies), Stats.Percentile(latencies, 99));
    }

    // 5. Many scopes of 100 tasks each: heap growth after a full GC, and whether tracked tasks stay reachable.
    public static async Task<(double HeapGrowthKb, bool LeakedTaskCollected, bool FinishedTaskCollected)> MemoryAsync(Sizes sizes)
    {
        await ScopesWithTasksAsync(10);
        long before = FullGcHeap();
        await ScopesWithTasksAsync(sizes.MemoryScopes);
        long after = FullGcHeap();

        var (leaked, finished) = await TasksOfAStoppedScopeAsync();
        FullGcHeap();
        return ((after - before) / 1024.0, !leaked.IsAlive, !finished.IsAlive);
    }

    // 6. 200 scopes at once, each leaking one task of its own beside clean work: every report exact.
    public static async Task<(int Scopes, int Exact)> AttributionUnderLoadAsync(Sizes sizes)
    {
        int scopes = 0;
        int exact = 0;
        var options = new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(200), CaptureStackTraces = false };
        for (int round = 0; round < sizes.AttributionRounds; round++)
        {
            var release = new TaskCompletionSource();
            var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            {
                Task? leaked = null;
                var report = await TaskLeakDetector.RunAsync(
                    async () =>
                    {
                        await Task.WhenAll(Task.Run(() => i), Task.Delay(1));
                        leaked = WaitAsync(release.Task);
                    },
                    options);
                return report.Leaks.Count == 1 && report.Leaks[0].Count == 1 && report.Leaks[0].TaskId == leaked!.Id;
            })));
            release.SetResult();
            scopes += results.Length;
            exact += results.Count(ok => ok);
        }

        return (scopes, exact);
    }

    /// <summary>The task storm in a scope, repeated for <paramref name="duration"/>: a profiler's workload.</summary>
    public static async Task StormForAsync(TimeSpan duration, bool lean)
    {
        Runtime.RuntimeTaskInternals.SkipTaskTableForMeasurement = lean;
        var options = new TaskLeakOptions { CaptureStackTraces = !lean };
        var stopwatch = Stopwatch.StartNew();
        while (stopwatch.Elapsed < duration)
        {
            await InScopeAsync(options, 50_000);
        }
    }

    private static async Task InScopeAsync(TaskLeakOptions options, int iterations)
    {
        var scope = TaskLeakScope.Begin(options: options);
        await Workloads.TaskHeavyLoopAsync(iterations);
        await scope.StopAsync();
    }

    private static async Task UntrackedHostAsync(int messages)
    {
        using var host = HostWorkload.Build();
        await host.StartAsync();
        await HostWorkload.ExerciseAsync(host, messages);
        await host.StopAsync();
    }

    private static async Task TrackedHostAsync(int messages)
    {
        using var host = HostWorkload.Build();
        await host.StartTrackedAsync();
        await HostWorkload.ExerciseAsync(host, messages);
        var report = await host.StopAndReportAsync();
        if (!report.IsClean)
        {
            throw new InvalidOperationException("The benchmark host should stop cleanly:\n" + report);
        }
    }

    private static async Task<double> ChildRunAsync(string mode, int iterations)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true };
        foreach (string arg in new[] { typeof(Measurements).Assembly.Location, "--child", mode, iterations.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath!) != "dotnet")
        {
            start.ArgumentList.RemoveAt(0);
        }

        using var child = Process.Start(start)!;
        string output = await child.StandardOutput.ReadToEndAsync();
        await child.WaitForExitAsync();
        return double.Parse(output.Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task ScopesWithTasksAsync(int scopes)
    {
        for (int s = 0; s < scopes; s++)
        {
            var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { CaptureStackTraces = false });
            var tasks = new Task[100];
            for (int t = 0; t < tasks.Length; t++)
            {
                tasks[t] = t % 2 == 0 ? Task.Run(() => { }) : Task.Delay(0).ContinueWith(_ => { }, TaskScheduler.Default);
            }

            await Task.WhenAll(tasks);
            await scope.StopAsync();
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static async Task<(WeakReference Leaked, WeakReference Finished)> TasksOfAStoppedScopeAsync()
    {
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(50) });
        var never = new TaskCompletionSource();
        var leaked = new WeakReference(WaitAsync(never.Task));
        var finished = new WeakReference(Task.Run(() => { }));
        await ((Task)finished.Target!);
        await scope.StopAsync();
        return (leaked, finished);
    }

    private static long FullGcHeap()
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return GC.GetTotalMemory(forceFullCollection: true);
    }

    private static async Task WaitAsync(Task task) => await task;
}
