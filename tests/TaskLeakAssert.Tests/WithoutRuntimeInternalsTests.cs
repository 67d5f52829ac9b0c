using TaskLeakAssert.Runtime;
using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

[CollectionDefinition(nameof(WithoutRuntimeInternalsTests), DisableParallelization = true)]
public sealed class RuntimeInternalsCollection;

/// <summary>On a runtime that hides its task internals the report gets shorter, never wrong or broken.</summary>
[Collection(nameof(WithoutRuntimeInternalsTests))]
public sealed class WithoutRuntimeInternalsTests : IDisposable
{
    private readonly Leaks _leaks = new();

    public WithoutRuntimeInternalsTests() => RuntimeTaskInternals.SimulateMissingInternals = true;

    public void Dispose()
    {
        RuntimeTaskInternals.SimulateMissingInternals = false;
        _leaks.Dispose();
    }

    [Fact]
    public async Task A_leak_is_still_named_from_the_runtime_event_and_its_creation_stack()
    {
        var report = await TaskLeakDetector.RunAsync(() => { _ = _leaks.PumpAsync(); return Task.CompletedTask; }, Leaks.Short);

        var leak = Assert.Single(report.Leaks, l => l.Description == "async method Leaks.PumpAsync");
        Assert.Empty(leak.AwaitChain);
        Assert.Null(leak.Status);
        Assert.Contains("Leaks.cs:", leak.CreationStackTrace);
        Assert.Contains(report.Notes, n => n.Contains("does not expose its task table"));
    }

    [Fact]
    public async Task Faults_that_cannot_be_judged_are_noted_not_reported()
    {
        var report = await TaskLeakDetector.RunAsync(async () =>
        {
            try
            {
                await _leaks.FailAsync("observed");
            }
            catch (InvalidOperationException)
            {
            }
        });

        Assert.True(report.IsClean, report.ToString());
        Assert.Contains(report.Notes, n => n.Contains("does not tell whether their exceptions were observed"));
    }

    [Fact]
    public async Task Work_created_after_an_await_is_reported_with_its_own_frames_and_no_caller_chain()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        await StartAfterAwaitAsync(never.Task);

        var report = await scope.StopAsync();
        never.SetResult();

        var leak = Assert.Single(report.Leaks, l => l.Description == "async method Leaks.AwaitStaticAsync");
        Assert.Contains("WithoutRuntimeInternalsTests.StartAfterAwaitAsync", leak.CreationStackTrace);
        Assert.DoesNotContain("called from:", leak.CreationStackTrace);
    }

    private static async Task StartAfterAwaitAsync(Task task)
    {
        await Task.Yield();
        _ = Leaks.AwaitStaticAsync(task);
    }
}
