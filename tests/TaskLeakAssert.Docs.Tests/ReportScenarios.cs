using OrderProcessing;
using OrderProcessing.Library;
using OrderProcessing.Services;
using TaskLeakAssert.Hosting;
using Xunit;

namespace TaskLeakAssert.Docs.Tests;

/// <summary>
/// The runs whose reports the docs quote: the demo's buggy host, and each bug alone. They run once,
/// side by side, for all the report tests.
/// </summary>
public sealed class ReportScenarios : IAsyncLifetime
{
    private static readonly TaskLeakOptions Check = new() { Timeout = TimeSpan.FromSeconds(2) };

    private static readonly Dictionary<string, Type[]> SingleBugs = new()
    {
        ["channel-consumer"] = [typeof(OrderConsumer)],
        ["ignored-stopping-token"] = [typeof(PaymentPoller)],
        ["undisposed-timer"] = [typeof(CacheRefresher)],
        ["fire-and-forget-task-run"] = [typeof(AuditForwarder)],
        ["cpu-bound-loop"] = [typeof(FraudScorer)],
        ["async-void-handler"] = [typeof(OrderConsumer), typeof(OrderNotifier)],
    };

    public IReadOnlyDictionary<string, string> Reports { get; private set; } = new Dictionary<string, string>();

    public async Task InitializeAsync()
    {
        // The fault scenario runs first and alone: it needs no time, and must not share the machine with
        // the hosts' CPU-bound leak. The async void handler needs the consumer that raises its event; its
        // page quotes only its own part.
        string fault = await UnobservedFaultAsync();
        var runs = SingleBugs.Select(async bug => (bug.Key, await BuggyHostAsync(bug.Value)))
            .Append(Task.Run(async () => ("demo", await BuggyHostAsync(null))))
            .Append(Task.Run(async () => ("undisposed-owner", await UndisposedOwnerAsync())))
            .Append(Task.Run(async () => ("blocking-wait", await BlockingWaitAsync())))
            .Append(Task.Run(async () => ("continuation-after-await", await ContinuationAfterAwaitAsync())));
        Reports = (await Task.WhenAll(runs)).Append(("unobserved-fault", fault)).ToDictionary(r => r.Item1, r => r.Item2);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    // The same steps as the demo: start tracked, exercise, shut down, report; then end the leaks.
    private static async Task<string> BuggyHostAsync(Type[]? services)
    {
        using var release = new CancellationTokenSource();
        var options = new SampleOptions { Fixed = false, LeakRelease = release.Token };
        using var host = services is null ? OrderProcessingHost.Build(options) : OrderProcessingHost.Build(options, services);
        await host.StartTrackedAsync(Check);
        await OrderProcessingHost.ExerciseAsync(host);
        var report = await host.StopAndReportAsync();
        await release.CancelAsync();
        return report.ToString();
    }

    // A library object whose pump waits with its own token, never disposed by the code that made it.
    private static async Task<string> UndisposedOwnerAsync()
    {
        var reservations = new StockReservations();
        var report = await TaskLeakDetector.RunAsync(
            () => { reservations.Start(); reservations.Request(); return Task.CompletedTask; },
            Check);
        reservations.Dispose();
        return report.ToString();
    }

    private static async Task<string> BlockingWaitAsync()
    {
        var printer = new LabelPrinter(new SampleOptions { Fixed = false });
        var report = await TaskLeakDetector.RunAsync(
            async () =>
            {
                _ = printer.PrintWhenReadyAsync(new Order(7, 12m), CancellationToken.None);

                // Until its thread really blocks (bounded): the report quotes the blocked wait.
                for (int i = 0; i < 1000 && !HasWaitingThread(printer); i++)
                {
                    await Task.Delay(10);
                }
            },
            Check);
        printer.PrinterReady();
        return report.ToString();
    }

    private static bool HasWaitingThread(LabelPrinter printer)
    {
        const System.Reflection.BindingFlags Instance = System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.NonPublic;
        var ready = (ManualResetEventSlim?)typeof(LabelPrinter).GetField("_printerReady", Instance)?.GetValue(printer);
        return ready is not null && (int?)typeof(ManualResetEventSlim).GetProperty("Waiters", Instance)?.GetValue(ready) > 0;
    }

    private static async Task<string> ContinuationAfterAwaitAsync()
    {
        var processed = new TaskCompletionSource();
        var report = await TaskLeakDetector.RunAsync(
            () => OrderWaits.LogWhenProcessedAsync(new OrderQueue(), processed.Task, TextWriter.Null, CancellationToken.None),
            Check);
        processed.SetResult();
        return report.ToString();
    }

    private static async Task<string> UnobservedFaultAsync()
    {
        var report = await TaskLeakDetector.RunAsync(
            () => { ReceiptPrinter.PrintAndForget(new Order(42, 9.5m)); return Task.CompletedTask; },
            Check);
        return report.ToString();
    }
}
