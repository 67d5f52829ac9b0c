using OrderProcessing;
using TaskLeakAssert;
using TaskLeakAssert.Hosting;

// The demo: start the order-processing service, exercise it, shut it down the real way, and print what
// TaskLeakAssert saw. First with the classic shutdown bugs, then with them fixed. Exit code 0 means every
// bug was caught and the fixed service shut down cleanly.

Console.WriteLine("TaskLeakAssert demo: an order-processing worker service with six hosted services.");
Console.WriteLine();
Console.WriteLine("=== 1. With the classic shutdown bugs ===");
using var release = new CancellationTokenSource();
var buggy = await ShutDownAsync(new SampleOptions { Fixed = false, LeakRelease = release.Token });
Console.WriteLine(buggy);
Console.WriteLine();

// The compile-time half: the same bugs, flagged in the source before any test runs them.
var rules = buggy.Services.SelectMany(s => s.Leaks).Concat(buggy.OtherLeaks).Select(l => l.StaticCheck?.Split(' ')[0]).OfType<string>().Distinct().Order();
Console.WriteLine($"The compile-time half: each entry's 'Analyzer:' line names the TaskLeakAssert.Analyzers rule for its kind of leak ({string.Join(", ", rules)}). `dotnet build samples/OrderProcessing` flags five of these six services at their buggy lines, and the code fixes offered there (all but the async void handler's) make those services pass this check.");

// The leaks are reported; end them so the rest of the demo runs on a quiet machine.
await release.CancelAsync();

Console.WriteLine();
Console.WriteLine("=== 2. With the bugs fixed ===");
var fixedRun = await ShutDownAsync(new SampleOptions { Fixed = true });
Console.WriteLine(fixedRun);
Console.WriteLine();

var missed = buggy.Services.Where(s => s.IsClean).Select(s => s.Name).ToArray();
if (missed.Length == 0 && fixedRun.IsClean)
{
    Console.WriteLine($"As expected: all {buggy.Services.Count} buggy services were caught, and the fixed service shut down cleanly.");
    return 0;
}

Console.WriteLine($"NOT as expected. Buggy services that looked clean: [{string.Join(", ", missed)}]. Fixed service clean: {fixedRun.IsClean}.");
return 1;

async Task<HostShutdownReport> ShutDownAsync(SampleOptions variant)
{
    using var host = OrderProcessingHost.Build(variant);
    // The buggy host's ShutdownTimeout is 1 s, the fixed one's 5 s: each check waits longer than its host does.
    await host.StartTrackedAsync(new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(variant.Fixed ? 10 : 2) });
    await OrderProcessingHost.ExerciseAsync(host);
    return await host.StopAndReportAsync();
}
