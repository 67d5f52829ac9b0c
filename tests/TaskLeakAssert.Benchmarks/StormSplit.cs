using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Benchmarks;

/// <summary>
/// Figure 8: where the time of the task storm goes. Each round times every variant once, in an order that
/// rotates from round to round, and keeps each variant's ratio to the round's plain loop; the medians of those
/// ratios are the figure. Each variant adds one cost to the one before it.
/// </summary>
public static class StormSplit
{
    /// <summary>
    /// The variants: the library's chain, cheapest first (what each of <see cref="Defaults"/> and the two before it
    /// adds is its ratio over the previous one's), then two designs measured beside it.
    /// </summary>
    public static readonly string[] Variants =
    [
        "no listener",
        "runtime events (an empty listener)",
        "+ the library's callback and bookkeeping (table off, no creation stacks)",
        "+ the debugger task table",
        "+ creation stacks (default options)",
        "prototype below the floor: no events, the debugger table alone (figure 10)",
        "bound: a record per task in a scope and nothing else, no report (BareRecordListener)",
    ];

    /// <summary>The index of the runtime floor (an empty listener) in <see cref="Variants"/>.</summary>
    public const int Floor = 1;

    /// <summary>The index of the library with its default options.</summary>
    public const int Defaults = 4;

    /// <summary>The index of the prototype of figure 10.</summary>
    public const int Prototype = 5;

    /// <summary>The index of the least a design with a record per task does.</summary>
    public const int Bound = 6;

    /// <summary>
    /// Median ratio of each variant to the plain loop of its round, and the bytes each allocates per iteration
    /// (measured once, after the rounds), in the order of <see cref="Variants"/>.
    /// </summary>
    public static async Task<(double[] Ratios, double[] BytesPerIteration)> MeasureAsync(int iterations, int rounds)
    {
        var runs = new Func<Task>[]
        {
            () => Workloads.TaskHeavyLoopAsync(iterations),
            () => WithEmptyListenerAsync(iterations),
            () => InScopeAsync(new TaskLeakOptions { CaptureStackTraces = false }, iterations, table: false),
            () => InScopeAsync(new TaskLeakOptions { CaptureStackTraces = false }, iterations, table: true),
            () => InScopeAsync(new TaskLeakOptions(), iterations, table: true),
            () => InTableOnlyScopeAsync(iterations),
            () => WithBareRecordsAsync(iterations),
        };

        foreach (var run in runs)
        {
            await run();
        }

        var ratios = runs.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            var times = new double[runs.Length];
            for (int k = 0; k < runs.Length; k++)
            {
                int variant = (k + round) % runs.Length;
                times[variant] = await Stats.TimeAsync(runs[variant]);
            }

            for (int variant = 0; variant < runs.Length; variant++)
            {
                ratios[variant].Add(times[variant] / times[0]);
            }
        }

        var bytes = new double[runs.Length];
        for (int variant = 0; variant < runs.Length; variant++)
        {
            long before = GC.GetTotalAllocatedBytes(precise: true);
            await runs[variant]();
            bytes[variant] = (double)(GC.GetTotalAllocatedBytes(precise: true) - before) / iterations;
        }

        return (ratios.Select(Stats.Median).ToArray(), bytes);
    }

    private static async Task WithEmptyListenerAsync(int iterations)
    {
        using var listener = new EmptyTplListener();
        listener.Start(timerEvents: true);
        await Workloads.TaskHeavyLoopAsync(iterations);
    }

    private static async Task WithBareRecordsAsync(int iterations)
    {
        using var listener = new BareRecordListener();
        long before = BareRecordListener.Recorded;
        await RecordedLoopAsync(iterations);
        long recorded = BareRecordListener.Recorded - before;

        // A bound that skipped the work would measure nothing: every iteration creates three tasks, and each must have
        // had its record, and have lost it at its end.
        if (recorded < 3L * iterations || BareRecordListener.Live != 0)
        {
            throw new InvalidOperationException($"The bound must record every task of the storm and drop each at its end: {recorded} recorded for {iterations} iterations, {BareRecordListener.Live} left.");
        }
    }

    // Its own async method: the scope set here flows into the storm and is gone when it returns.
    private static async Task RecordedLoopAsync(int iterations)
    {
        BareRecordListener.Scope = new object();
        await Workloads.TaskHeavyLoopAsync(iterations);
    }

    private static async Task InTableOnlyScopeAsync(int iterations)
    {
        var scope = TableOnlyScope.Begin();
        await Workloads.TaskHeavyLoopAsync(iterations);
        var left = await scope.StopAsync(TimeSpan.FromSeconds(10));
        if (left.Count > 0)
        {
            throw new InvalidOperationException("The storm must end clean in the prototype too: " + string.Join(", ", left));
        }
    }

    private static async Task InScopeAsync(TaskLeakOptions options, int iterations, bool table)
    {
        RuntimeTaskInternals.SkipTaskTableForMeasurement = !table;
        try
        {
            var scope = TaskLeakScope.Begin(options: options);
            await Workloads.TaskHeavyLoopAsync(iterations);
            await scope.StopAsync();
        }
        finally
        {
            RuntimeTaskInternals.SkipTaskTableForMeasurement = false;
        }
    }
}
