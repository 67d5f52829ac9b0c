using BenchmarkDotNet.Attributes;

namespace TaskLeakAssert.Benchmarks;

/// <summary>
/// Figure 1 under BenchmarkDotNet: the task-heavy loop with no scope (baseline), in a scope with stack capture
/// off, and in a scope with default options. Run with <c>-- --bdn</c>.
/// </summary>
[ShortRunJob]
[MemoryDiagnoser]
public class PerTaskOverheadBenchmarks
{
    private static readonly TaskLeakOptions NoCapture = new() { CaptureStackTraces = false };
    private static readonly TaskLeakOptions Defaults = new();

    [Params(10_000)]
    public int Iterations { get; set; }

    [Benchmark(Baseline = true)]
    public Task NoScope() => Workloads.TaskHeavyLoopAsync(Iterations);

    [Benchmark]
    public Task ScopeWithoutStackCapture() => InScopeAsync(NoCapture);

    [Benchmark]
    public Task ScopeWithDefaultOptions() => InScopeAsync(Defaults);

    private async Task InScopeAsync(TaskLeakOptions options)
    {
        var scope = TaskLeakScope.Begin(options: options);
        await Workloads.TaskHeavyLoopAsync(Iterations);
        await scope.StopAsync();
    }
}
