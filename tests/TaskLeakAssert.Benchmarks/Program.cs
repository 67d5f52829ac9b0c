using System.Globalization;
using System.Runtime.CompilerServices;
using TaskLeakAssert.Benchmarks;

// dotnet run -c Release --project tests/TaskLeakAssert.Benchmarks            the full run (docs/performance.md)
// dotnet run -c Release --project tests/TaskLeakAssert.Benchmarks -- --quick  a few seconds, for CI
// dotnet run -c Release --project tests/TaskLeakAssert.Benchmarks -- --bdn    figure 1 under BenchmarkDotNet
// dotnet run -c Release --project tests/TaskLeakAssert.Benchmarks -- --web    figure 7 alone (a web app's test)
// dotnet run -c Release --project tests/TaskLeakAssert.Benchmarks -- --split  figure 8 alone (where the task storm's time goes)
// dotnet run -c Release --project tests/TaskLeakAssert.Benchmarks -- --suite  figure 9 alone (a task-heavy xunit v3 suite, five builds)
// (internal) --child never|after-scope N                                     one loop in a fresh process, for figure 3
if (args is ["--child", var mode, var count])
{
    return await Child.RunAsync(mode, int.Parse(count, CultureInfo.InvariantCulture));
}

if (args is ["--storm", var seconds, ..])
{
    // For a profiler (dotnet-trace collect -- <this> --storm 10 [--lean]): the task storm in a scope, over and over;
    // --lean: without creation stacks and the debugger table, to see the callback's own work.
    await Measurements.StormForAsync(TimeSpan.FromSeconds(int.Parse(seconds, CultureInfo.InvariantCulture)), lean: args.Contains("--lean"));
    return 0;
}

if (args.Contains("--split"))
{
    // Figure 8 alone: where the time of the task storm goes.
    int stormIterations = args.Contains("--quick") ? 5_000 : 50_000;
    PrintStormSplit(await StormSplit.MeasureAsync(stormIterations, args.Contains("--quick") ? 3 : 15), stormIterations);
    return 0;
}

if (args.Contains("--table-only"))
{
    // Figure 10b alone: what the prototype without task events sees, against the library, on the same code.
    await PrintTableOnlyTradeAsync(args.Contains("--quick") ? 2 : 20);
    return 0;
}

if (args.Contains("--suite"))
{
    // Figure 9 alone: a task-heavy xunit v3 suite without the library, with an empty listener (the floor), with a record per task (the bound), with the attribute alone, with the framework line.
    int rounds = args.Contains("--quick") ? 2 : 9;
    var result = await SuiteShape.MeasureAsync(rounds);
    Console.WriteLine($"9. A task-heavy xunit v3 suite (tests/TaskLeakAssert.Benchmarks.Suite), {rounds} rounds, median ratio of a round");
    Console.WriteLine($"   runner's suite time: none {result.SuiteMs["None"]:F0} ms, event floor {result.SuiteMs["Floor"]:F0} ms, bound {result.SuiteMs["Bare"]:F0} ms, attribute alone {result.SuiteMs["Attribute"]:F0} ms, framework line {result.SuiteMs["Framework"]:F0} ms (medians)");
    Console.WriteLine($"   event floor (an empty listener, no TaskLeakAssert) {result.Ratios["Floor"]:F2}×; framework line over the floor {result.Ratios["FrameworkOverFloor"]:F2}×");
    Console.WriteLine($"   bound (a record per task of the run, nothing else, no TaskLeakAssert) {result.Ratios["Bare"]:F2}×");
    Console.WriteLine($"   attribute alone {result.Ratios["Attribute"]:F2}×; framework line {result.Ratios["Framework"]:F2}× (goal ≤ 1.10×); framework line over attribute {result.Ratios["FrameworkOverAttribute"]:F2}× (goal ≤ 1.00×)");
    Console.WriteLine($"   whole process: none {result.ProcessMs["None"]:F0} ms; attribute alone {result.Ratios["AttributeProcess"]:F2}×; framework line {result.Ratios["FrameworkProcess"]:F2}×");
    return 0;
}

if (args.Contains("--bdn"))
{
    // BenchmarkDotNet builds its own host from this project: start it from the repository (or below).
    var summary = BenchmarkDotNet.Running.BenchmarkRunner.Run<PerTaskOverheadBenchmarks>();
    return summary.Reports.Length > 0 && summary.Reports.All(r => r.Success) ? 0 : 1;
}

bool quick = args.Contains("--quick");
var sizes = quick ? Sizes.Quick : Sizes.Full;
var failures = new List<string>();
bool optimized = typeof(Sizes).Assembly.GetCustomAttributes(false).OfType<System.Diagnostics.DebuggableAttribute>().All(d => !d.IsJITOptimizerDisabled);
Console.WriteLine($"TaskLeakAssert measurements ({(quick ? "quick" : "full")} run, {Environment.ProcessorCount} cores, .NET {Environment.Version}).");
if (!optimized)
{
    Console.WriteLine("Debug build: the timings below are not representative; use -c Release for figures.");
}

Console.WriteLine();

if (args.Contains("--web"))
{
    // Figure 7 alone: the web app's test, with the check and without.
    var (untrackedWeb, trackedWeb, pairedWeb) = await Measurements.WebAppAsync(sizes);
    Report($"7. A web app's test, {sizes.WebAppRuns} rounds: without the check {untrackedWeb:F0} ms; tracked and checked {trackedWeb:F0} ms (medians); median ratio of a round {pairedWeb:F2}× (goal ≤ 1.10×)");
    Report($"7b. The floor of (7): an empty listener on the same runtime events against none, median ratio of a round {await Measurements.WebAppFloorAsync(sizes):F2}×");
    return 0;
}

// First, while no scope has ever been opened in this process.
var (beforeAnyScope, afterOneScope) = await Measurements.OutsideScopesInProcessAsync(sizes);

var (baseline, noCapture, withCapture) = await Measurements.PerTaskOverheadAsync(sizes);
Report($"1. Per-task overhead, {sizes.LoopIterations:N0} × await Task.Run(async () => await Task.Yield()), median of {sizes.Repetitions}");
Report($"   no scope {baseline:F0} ms; in a scope, stack capture off {noCapture:F0} ms = {noCapture / baseline:F2}× (goal ≤ 1.5×); default options {withCapture:F0} ms = {withCapture / baseline:F2}× (goal ≤ 2×)");

var (floorBaseline, emptyListener) = await Measurements.EventPathFloorAsync(sizes);
Report($"1b. The floor of (1): the same loop with an empty EventListener on the same runtime task events, median of {sizes.Repetitions}");
Report($"   no listener {floorBaseline:F0} ms; empty listener {emptyListener:F0} ms = {emptyListener / floorBaseline:F2}×");

var (untracked, tracked) = await Measurements.HostAsync(sizes);
Report($"2. Host with {HostWorkload.Services} BackgroundServices, start + {sizes.HostMessages} messages each + stop, median of {sizes.Repetitions}");
Report($"   untracked {untracked:F0} ms; tracked and checked {tracked:F0} ms = {tracked / untracked:F2}× (goal ≤ 1.1×)");

var (never, afterScope) = await Measurements.ZeroCostOutsideScopesAsync(sizes);
Report($"3. The loop of (1) outside any scope, fresh process each run, median of {sizes.ChildRuns}");
Report($"   library never loaded {never:F0} ms; one scope opened and closed first {afterScope:F0} ms = {(afterScope / never - 1) * 100:+0.0;-0.0}% (goal within 3%)");

Report($"3b. The same in one process, measured first: before any scope {beforeAnyScope:F0} ms; after one scope opened and closed {afterOneScope:F0} ms = {(afterOneScope / beforeAnyScope - 1) * 100:+0.0;-0.0}% (goal within 3%)");

var (median, p99) = await Measurements.VerdictLatencyAsync(sizes);
Report($"4. Verdict latency, last task completed → StopAsync returned, {sizes.LatencyScopes:N0} scopes");
Report($"   median {median * 1000:F0} µs, p99 {p99 * 1000:F0} µs (goal: median < 1 ms)");

var (growthKb, leakedCollected, finishedCollected) = await Measurements.MemoryAsync(sizes);
Report($"5. Memory, {sizes.MemoryScopes:N0} scopes × 100 tasks");
Report($"   managed heap after a full GC grew {growthKb:F0} KB (goal within 1 MB); after its scope stopped, a leaked task collectable: {leakedCollected}, a finished task collectable: {finishedCollected}");
Expect(growthKb < 1024 * (quick ? 4 : 1), "heap growth");
Expect(leakedCollected && finishedCollected, "tracked tasks must not stay reachable");

var (scopes, exact) = await Measurements.AttributionUnderLoadAsync(sizes);
Report($"6. Attribution under load, 200 scopes at once × {sizes.AttributionRounds} rounds, each leaking its own task");
Report($"   exact reports: {exact} of {scopes}");
Expect(exact == scopes, "every report exact");

var (webUntracked, webTracked, webPaired) = await Measurements.WebAppAsync(sizes);
Report($"7. A web app's test (Storefront: rate limiting, OpenTelemetry, EF Core on SQLite, health checks): a factory, {WebAppWorkload.Orders * 2 + 1} requests, shutdown, {sizes.WebAppRuns} rounds");
Report($"   without the check {webUntracked:F0} ms; tracked and checked {webTracked:F0} ms (medians); median ratio of a round {webPaired:F2}× (goal ≤ 1.10×)");

PrintStormSplit(await StormSplit.MeasureAsync(quick ? 5_000 : 50_000, quick ? 3 : 15), quick ? 5_000 : 50_000);
await PrintTableOnlyTradeAsync(quick ? 2 : 20);
Report("9. A task-heavy xunit v3 suite: run with -- --suite (it builds the suite five ways first)");

Console.WriteLine();
Console.WriteLine(failures.Count == 0 ? "All correctness checks held." : "FAILED: " + string.Join(", ", failures));
return failures.Count == 0 ? 0 : 1;

static async Task PrintTableOnlyTradeAsync(int rounds)
{
    var (scopes, exact) = await TableOnlyTrade.AttributionAsync(rounds);
    var fault = await TableOnlyTrade.FaultBeforeVerdictAsync();
    var suppressed = await TableOnlyTrade.SuppressedFlowAsync();
    Console.WriteLine("10b. The table-only prototype (no task events) against TaskLeakAssert's scope, on the same code");
    Console.WriteLine($"   200 scopes at once × {rounds} rounds, each leaking its own loop beside clean work: prototype exact in {exact} of {scopes} (the library: figure 6)");
    Console.WriteLine($"   a task that faulted, unobserved, before the verdict: reported by the prototype {fault.Prototype}, by the library {fault.Library}");
    Console.WriteLine($"   a loop started by Task.Run under ExecutionContext.SuppressFlow: reported by the prototype {suppressed.Prototype}, by the library {suppressed.Library}");
}

static void PrintStormSplit((double[] Ratios, double[] Bytes) split, int iterations)
{
    var (ratios, bytes) = split;
    Console.WriteLine($"8. Where the time of the task storm goes ({iterations:N0} × await Task.Run(Work), Work awaits Task.Yield()), median ratio to the plain loop of its round");
    for (int i = 0; i < ratios.Length; i++)
    {
        string step = i > StormSplit.Floor && i <= StormSplit.Defaults ? $"  (this step {ratios[i] / ratios[i - 1]:F2}×)" : string.Empty;
        Console.WriteLine($"   {StormSplit.Variants[i],-85} {ratios[i],5:F2}×{step,-20} {bytes[i],6:F0} B allocated per iteration");
    }

    Console.WriteLine($"   own cost over the runtime floor: {ratios[StormSplit.Defaults] / ratios[StormSplit.Floor]:F2}× (goal ≤ 1.2×); defaults over no creation stacks: {ratios[StormSplit.Defaults] / ratios[StormSplit.Defaults - 1]:F2}× (goal ≤ 1.3×)");
    Console.WriteLine($"   the bound's own cost over the floor: {ratios[StormSplit.Bound] / ratios[StormSplit.Floor]:F2}× (a record per task and nothing else)");
}

void Report(string line) => Console.WriteLine(line);

void Expect(bool condition, string what)
{
    if (!condition)
    {
        failures.Add(what);
    }
}

internal static class Child
{
    // Figure 3 in a fresh process: "never" must not touch TaskLeakAssert at all, so its assembly never loads.
    public static async Task<int> RunAsync(string mode, int iterations)
    {
        if (mode == "after-scope")
        {
            await OpenAndCloseAScopeAsync();
        }

        await Workloads.TaskHeavyLoopAsync(iterations / 10);
        double elapsed = await Stats.TimeAsync(() => Workloads.TaskHeavyLoopAsync(iterations));
        Console.WriteLine(elapsed.ToString(CultureInfo.InvariantCulture));
        return 0;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task OpenAndCloseAScopeAsync()
    {
        var scope = TaskLeakAssert.TaskLeakScope.Begin();
        await Task.Run(() => { });
        await scope.StopAsync();
    }
}
