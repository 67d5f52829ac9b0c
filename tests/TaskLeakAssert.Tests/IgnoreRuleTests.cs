using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>Known background work can be left out of the verdict by method name or by predicate.</summary>
public sealed class IgnoreRuleTests : IDisposable
{
    private readonly Leaks _leaks = new();

    public void Dispose() => _leaks.Dispose();

    [Theory]
    [InlineData("PumpAsync")]
    [InlineData("Leaks.PumpAsync")]
    public async Task A_method_name_rule_leaves_out_that_method_only(string rule)
    {
        var options = Leaks.Short;
        options.IgnoredMethods.Add(rule);

        var report = await TaskLeakDetector.RunAsync(TwoLeaks, options);

        Assert.Equal("async method Leaks.DelayForeverAsync", Assert.Single(report.Leaks).Description);
    }

    [Fact]
    public async Task A_name_that_only_ends_like_the_method_does_not_match()
    {
        var options = Leaks.Short;
        options.IgnoredMethods.Add("Async");

        var report = await TaskLeakDetector.RunAsync(TwoLeaks, options);

        Assert.Equal(2, report.Leaks.Count);
    }

    [Fact]
    public async Task A_predicate_rule_leaves_out_what_it_matches()
    {
        var options = Leaks.Short;
        options.IgnoreWhen.Add(leak => leak.AwaitChain.Contains("Task.Delay(Infinite)"));

        var report = await TaskLeakDetector.RunAsync(TwoLeaks, options);

        Assert.Equal("async method Leaks.PumpAsync", Assert.Single(report.Leaks).Description);
    }

    [Fact]
    public async Task A_predicate_that_throws_keeps_the_leak_and_says_so_in_the_report()
    {
        var options = Leaks.Short;
        options.IgnoreWhen.Add(_ => throw new FormatException("bad rule"));

        var report = await TaskLeakDetector.RunAsync(TwoLeaks, options);

        Assert.Equal(2, report.Leaks.Count);
        Assert.Contains(report.Notes, note => note.Contains("FormatException (bad rule)"));
        Assert.Contains("Note: An IgnoreWhen predicate threw FormatException", report.ToString());
    }

    private Task TwoLeaks()
    {
        _ = _leaks.PumpAsync();
        _ = _leaks.DelayForeverAsync();
        return Task.CompletedTask;
    }
}
