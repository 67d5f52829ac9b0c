using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>Each leaked task shows its own creation line, also when the same method started several tasks.</summary>
public sealed class CreationSiteTests : IDisposable
{
    private readonly Leaks _leaks = new();

    public void Dispose() => _leaks.Dispose();

    [Fact]
    public async Task A_method_called_twice_reports_the_line_of_the_call_that_leaked()
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        var a = _leaks.AwaitAsync(done.Task); int lineOfA = Line();
        _ = _leaks.AwaitAsync(never.Task); int lineOfB = Line();
        done.SetResult();
        await a;

        var report = await scope.StopAsync();
        never.SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.Contains($"CreationSiteTests.cs:{lineOfB}", leak.CreationStackTrace);
        Assert.DoesNotContain($"CreationSiteTests.cs:{lineOfA}", leak.CreationStackTrace);
    }

    [Fact]
    public async Task Tasks_of_one_name_from_different_lines_are_separate_entries_each_with_its_line()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        _ = _leaks.AwaitAsync(never.Task); int first = Line();
        _ = _leaks.AwaitAsync(never.Task); int second = Line();

        var report = await scope.StopAsync();
        never.SetResult();

        Assert.Equal(2, report.Leaks.Count);
        Assert.Contains(report.Leaks, l => l.Count == 1 && l.CreationStackTrace!.Contains($"CreationSiteTests.cs:{first}", StringComparison.Ordinal));
        Assert.Contains(report.Leaks, l => l.Count == 1 && l.CreationStackTrace!.Contains($"CreationSiteTests.cs:{second}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_loop_past_the_capture_limit_groups_its_tasks_and_says_their_sites_were_shared()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        for (int i = 0; i < 40; i++)
        {
            _ = _leaks.AwaitAsync(never.Task);
        }

        var report = await scope.StopAsync();
        never.SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(40, leak.Count);
        Assert.Contains("(24 of these: site of an earlier task of the same name; past 16 per name, sites are not captured)", leak.CreationStackTrace);
    }

    private static int Line([System.Runtime.CompilerServices.CallerLineNumber] int line = 0) => line;
}
