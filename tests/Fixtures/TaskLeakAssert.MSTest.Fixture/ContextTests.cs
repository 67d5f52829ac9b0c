using TaskLeakAssert.Fixtures;
using TaskLeakAssert.MSTest;

namespace TaskLeakAssert.MSTest.Fixture;

/// <summary>
/// What a test sees of its SynchronizationContext, TaskScheduler and continuation threads, with the check
/// and without it (opted out). The adapter tests compare the two outputs.
/// </summary>
[TestClass]
[AssertNoLeakedTasks]
public class ContextTests
{
    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public Task Reports_its_context_with_the_check() => ReportAsync();

    [TestMethod]
    [AllowLeakedTasks("the baseline: the same probe without the check")]
    public Task Reports_its_context_without_the_check() => ReportAsync();

    [TestMethod]
    [AllowLeakedTasks("leaves a loop running on purpose, to prove the opt-out")]
    public async Task Opts_out_with_a_reason()
    {
        _ = Work.PollForeverAsync();
        await Task.Yield();
    }

    private async Task ReportAsync()
    {
        string before = Describe();
        await Task.Delay(5);
        string afterDelay = Describe();
        await Task.Yield();
        Console.WriteLine($"context: {before} | {afterDelay} | {Describe()}");
    }

    private static string Describe() =>
        $"{SynchronizationContext.Current?.GetType().FullName ?? "none"}, {TaskScheduler.Current.GetType().Name}, pool thread {Thread.CurrentThread.IsThreadPoolThread}";
}
