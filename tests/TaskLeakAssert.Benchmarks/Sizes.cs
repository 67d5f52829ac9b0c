namespace TaskLeakAssert.Benchmarks;

/// <summary>How big each measurement is: the sizes for the full run, small ones for CI's quick run.</summary>
public sealed record Sizes(int LoopIterations, int Repetitions, int HostMessages, int ChildRuns, int LatencyScopes, int MemoryScopes, int AttributionRounds, int WebAppRuns)
{
    public static readonly Sizes Full = new(LoopIterations: 100_000, Repetitions: 7, HostMessages: 500, ChildRuns: 7, LatencyScopes: 1_000, MemoryScopes: 10_000, AttributionRounds: 100, WebAppRuns: 31);

    public static readonly Sizes Quick = new(LoopIterations: 5_000, Repetitions: 3, HostMessages: 50, ChildRuns: 2, LatencyScopes: 200, MemoryScopes: 500, AttributionRounds: 2, WebAppRuns: 2);
}
