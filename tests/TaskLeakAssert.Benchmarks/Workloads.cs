using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Benchmarks;

/// <summary>The task-heavy loop every overhead figure measures. It never touches TaskLeakAssert.</summary>
public static class Workloads
{
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static async Task TaskHeavyLoopAsync(int iterations)
    {
        for (int i = 0; i < iterations; i++)
        {
            await Task.Run(async () => await Task.Yield());
        }
    }
}
