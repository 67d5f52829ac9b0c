#if XUNIT_V3
using TaskLeakAssert.XunitV3;
using Xunit;
namespace TaskLeakAssert.XunitV3.LifetimeFixture;
#else
using TaskLeakAssert.Xunit;
using Xunit;
using Xunit.Abstractions;
namespace TaskLeakAssert.Xunit.LifetimeFixture;
#endif

/// <summary>
/// What a test sees of its SynchronizationContext, TaskScheduler and continuation threads, with the check
/// and without it (opted out). The adapter tests compare the two outputs.
/// </summary>
public abstract class ContextProbe(ITestOutputHelper output)
{
    protected async Task ReportAsync()
    {
        string before = Describe();
        await Task.Delay(5);
        string afterDelay = Describe();
        await Task.Yield();
        output.WriteLine($"context: {before} | {afterDelay} | {Describe()}");
    }

    private static string Describe() =>
        $"{SynchronizationContext.Current?.GetType().FullName ?? "none"}, {TaskScheduler.Current.GetType().Name}, pool thread {Thread.CurrentThread.IsThreadPoolThread}";
}

public sealed class ContextWithTheCheck(ITestOutputHelper output) : ContextProbe(output)
{
    [Fact]
    public Task Reports_its_context() => ReportAsync();
}

[AllowLeakedTasks("the baseline: the same probe without the check")]
public sealed class ContextWithoutTheCheck(ITestOutputHelper output) : ContextProbe(output)
{
    [Fact]
    public Task Reports_its_context() => ReportAsync();
}
