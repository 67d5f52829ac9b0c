using System.Runtime.CompilerServices;
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
        Assert.Contains("(37 of these: site of an earlier task of the same name: a name's sites are not captured past 3 in a row from one place, or past 16)", leak.CreationStackTrace);
    }

    [Fact]
    public async Task Tasks_of_one_name_created_from_two_places_in_turn_keep_their_own_sites()
    {
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        int first = 0, second = 0;
        for (int i = 0; i < 8; i++) // 16 tasks: within the 16 sites a name gets
        {
            _ = _leaks.AwaitAsync(never.Task); first = Line();
            _ = _leaks.AwaitAsync(never.Task); second = Line();
        }

        var report = await scope.StopAsync();
        never.SetResult();

        Assert.Equal(2, report.Leaks.Count);
        Assert.Contains(report.Leaks, l => l.Count == 8 && l.CreationStackTrace!.Contains($"CreationSiteTests.cs:{first}", StringComparison.Ordinal));
        Assert.Contains(report.Leaks, l => l.Count == 8 && l.CreationStackTrace!.Contains($"CreationSiteTests.cs:{second}", StringComparison.Ordinal));
        Assert.DoesNotContain(report.Leaks, l => l.CreationStackTrace!.Contains("site of an earlier task", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_continuation_attached_after_an_await_in_a_helper_names_the_test_that_called_the_helper()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        int line = Line(); await AttachAfterAwaitAsync(never.Task);

        var report = await scope.StopAsync();
        never.SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(
            $"""
            CreationSiteTests.AttachAfterAwaitAsync in CreationSiteTests.cs:#
            called from:
            CreationSiteTests.A_continuation_attached_after_an_await_in_a_helper_names_the_test_that_called_the_helper in CreationSiteTests.cs:{line}
            """.ReplaceLineEndings("\n"),
            Normalized(leak.CreationStackTrace, keepLine: line));
        Assert.Equal("waiting for the task it continues: a TaskCompletionSource task that is never completed", leak.State);
    }

    [Fact]
    public async Task The_caller_chain_continues_through_each_helper_that_was_resumed_after_an_await()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        int line = Line(); await OuterHelperAsync(never.Task);

        var report = await scope.StopAsync();
        never.SetResult();

        string site = Assert.Single(report.Leaks).CreationStackTrace!;
        var lines = site.Split(Environment.NewLine);
        Assert.StartsWith("Leaks.AwaitStaticAsync in", lines[0]);
        Assert.StartsWith("CreationSiteTests.InnerHelperAsync in", lines[1]);
        Assert.Equal(2, lines.Count(l => l == "called from:"));
        Assert.Contains(lines, l => l.StartsWith("CreationSiteTests.OuterHelperAsync in", StringComparison.Ordinal));
        Assert.EndsWith($"CreationSiteTests.cs:{line}", lines[^1]);
    }

    [Fact]
    public async Task Frames_without_a_location_are_left_out_when_other_frames_have_one()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        await TaskLeakAssert.Tests.NoSymbols.WithoutSymbols.Invoke(() => { _ = Leaks.AwaitStaticAsync(never.Task); return Task.CompletedTask; });

        var report = await scope.StopAsync();
        never.SetResult();

        string site = Assert.Single(report.Leaks).CreationStackTrace!;
        Assert.DoesNotContain("WithoutSymbols", site);
        Assert.All(site.Split(Environment.NewLine), line => Assert.Matches(@" in \S+\.cs:\d+$", line));
        Assert.Contains("CreationSiteTests.Frames_without_a_location_are_left_out_when_other_frames_have_one in", site);
    }

    [Fact]
    public async Task Frames_without_a_location_are_kept_when_they_are_the_only_user_frames()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        await TaskLeakAssert.Tests.NoSymbols.WithoutSymbols.StartOnPool(never.Task);

        var report = await scope.StopAsync();
        never.SetResult();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal("async method WithoutSymbols.WaitAsync", leak.Description);
        Assert.StartsWith("WithoutSymbols.WaitAsync", leak.CreationStackTrace);
        Assert.DoesNotContain(".cs:", leak.CreationStackTrace);
    }

    private static async Task AttachAfterAwaitAsync(Task task)
    {
        await Task.Yield();
        _ = task.ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private static async Task OuterHelperAsync(Task task)
    {
        await Task.Yield();
        await InnerHelperAsync(task);
    }

    private static async Task InnerHelperAsync(Task task)
    {
        await Task.Yield();
        _ = Leaks.AwaitStaticAsync(task);
    }

    // Paths cut to the file name and line numbers to '#', except the one line the test knows.
    private static string Normalized(string? site, int keepLine) =>
        System.Text.RegularExpressions.Regex.Replace(
            System.Text.RegularExpressions.Regex.Replace(site ?? string.Empty, @" in \S*[/\\]([^/\\]+\.cs):", " in $1:"),
            @"\.cs:(\d+)",
            m => m.Groups[1].Value == keepLine.ToString(System.Globalization.CultureInfo.InvariantCulture) ? m.Value : ".cs:#")
        .ReplaceLineEndings("\n");

    private static int Line([System.Runtime.CompilerServices.CallerLineNumber] int line = 0) => line;

    [Fact]
    public async Task Work_created_in_a_catch_block_is_reported_at_that_block_not_at_the_throw_in_the_try()
    {
        int statementLine = 0;
        var report = await TaskLeakDetector.RunAsync(() => { statementLine = ContinueInACatchBlock(_leaks.Release); return Task.CompletedTask; }, Leaks.Short);

        var continuation = Assert.Single(report.Leaks, l => l.Description.StartsWith("ContinueWith continuation", StringComparison.Ordinal));
        string firstFrame = continuation.CreationStackTrace!.Split(Environment.NewLine)[0];

        // The runtime says the throw's line (two lines above the catch): the report names the catch block.
        Assert.EndsWith($"CreationSiteTests.cs:{statementLine - 2} (its catch block)", firstFrame);
    }

    // Returns the line of the statement in its catch block.
    private static int ContinueInACatchBlock(CancellationToken release)
    {
        try
        {
            throw new InvalidOperationException("handled");
        }
        catch (InvalidOperationException)
        {
            _ = Task.Delay(Timeout.Infinite, release).ContinueWith(static _ => { }, TaskScheduler.Default);
            return Leaks.Here() - 1;
        }
    }
}

/// <summary>A deep creation path keeps its innermost frames and the method that started it; the middle is folded.</summary>
public sealed class DeepCreationPathTests
{
    [Fact]
    public async Task The_outermost_caller_is_kept_and_the_middle_is_folded()
    {
        var never = new TaskCompletionSource();
        var scope = TaskLeakScope.Begin(options: Leaks.Short);
        Level1(never.Task);

        var report = await scope.StopAsync();
        never.SetResult();

        string site = Assert.Single(report.Leaks).CreationStackTrace!;
        var lines = site.Split(Environment.NewLine);
        Assert.StartsWith("DeepCreationPathTests.WaitAsync in ", lines[0]);
        Assert.Contains(lines, l => l.StartsWith("… ", StringComparison.Ordinal) && l.EndsWith(" frames in TaskLeakAssert.Tests …", StringComparison.Ordinal));
        Assert.StartsWith("DeepCreationPathTests.The_outermost_caller_is_kept_and_the_middle_is_folded in ", lines[^1]);
    }

    // Ten plain calls deep, as a dependency-injection chain would be.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Level1(Task t) => Level2(t);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Level2(Task t) => Level3(t);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Level3(Task t) => Level4(t);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Level4(Task t) => Level5(t);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Level5(Task t) => Level6(t);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Level6(Task t) => Level7(t);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Level7(Task t) => Level8(t);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Level8(Task t) => _ = WaitAsync(t);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task WaitAsync(Task t) => await t;
}
