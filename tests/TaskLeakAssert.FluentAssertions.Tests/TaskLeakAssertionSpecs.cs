using FluentAssertions;
using FluentAssertions.Execution;
using Microsoft.Extensions.Hosting;
using Xunit;

namespace TaskLeakAssert.FluentAssertions.Tests;

/// <summary>The assertions pass and fail through FluentAssertions' own machinery: because-text, AssertionScope.</summary>
public sealed class TaskLeakAssertionSpecs : IDisposable
{
    private readonly Pumps _pumps = new();

    public void Dispose() => _pumps.Dispose();

    [Fact]
    public async Task When_a_host_stops_cleanly_it_should_pass()
    {
        using var host = _pumps.Host(leaky: false);

        await host.Should().ShutDownCleanlyAsync(TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task When_a_host_leaves_a_loop_running_it_should_fail_with_the_reason_and_the_report()
    {
        using var host = _pumps.Host(leaky: true);

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.Should().ShutDownCleanlyAsync(TimeSpan.FromMilliseconds(300), "the pump must stop with the {0}", "host"));

        Assert.StartsWith("Expected host to shut down cleanly because the pump must stop with the host, but it did not:", error.Message);
        Assert.Contains("LeakyPump (IHostedService): left 1 task running", error.Message);
        Assert.Contains("async method Pumps.LoopAsync", error.Message);
    }

    [Fact]
    public async Task When_an_async_function_leaks_it_should_fail_with_the_report()
    {
        Func<Task> act = () => { _ = _pumps.LoopAsync(); return Task.CompletedTask; };

        var error = await Assert.ThrowsAnyAsync<Exception>(() => act.Should().NotLeakTasksAsync(Pumps.Short, "tests must clean up"));

        // After an await the caller's frame is gone, so FluentAssertions names the subject by its kind.
        Assert.StartsWith("Expected async function not to leak tasks because tests must clean up, but it did:", error.Message);
        Assert.Contains("[1] Not completed: async method Pumps.LoopAsync", error.Message);
    }

    [Fact]
    public async Task When_an_async_function_awaits_its_work_it_should_pass()
    {
        Func<Task> act = async () => await Task.Run(() => Task.Delay(10));

        await act.Should().NotLeakTasksAsync();
    }

    [Fact]
    public async Task When_the_async_function_throws_its_exception_should_propagate()
    {
        Func<Task> act = () => throw new FormatException("bad input");

        await Assert.ThrowsAsync<FormatException>(() => act.Should().NotLeakTasksAsync());
    }

    [Fact]
    public async Task When_a_report_is_clean_BeClean_should_pass_and_otherwise_fail()
    {
        var clean = await TaskLeakDetector.RunAsync(() => Task.CompletedTask);
        var leaky = await TaskLeakDetector.RunAsync(() => { _ = _pumps.LoopAsync(); return Task.CompletedTask; }, Pumps.Short);

        clean.Should().BeClean();
        var error = Assert.ThrowsAny<Exception>(() => leaky.Should().BeClean("we said {0}", "so"));
        Assert.Matches(CallerOrKind("leaky", "report") + " to be clean because we said so, but it was not:", error.Message);
    }

    [Fact]
    public async Task Inside_an_AssertionScope_failures_should_be_collected_into_one()
    {
        var leaky = await TaskLeakDetector.RunAsync(() => { _ = _pumps.LoopAsync(); return Task.CompletedTask; }, Pumps.Short);
        Func<Task> act = () => { _ = _pumps.LoopAsync(); return Task.CompletedTask; };

        var error = await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            using var scope = new AssertionScope();
            leaky.Should().BeClean();
            await act.Should().NotLeakTasksAsync(Pumps.Short);
        });

        Assert.Matches(CallerOrKind("leaky", "report") + " to be clean, but it was not:", error.Message);
        Assert.Contains("Expected async function not to leak tasks, but it did:", error.Message);
    }

    [Fact]
    public async Task When_the_subject_is_null_it_should_say_so()
    {
        IHost host = null!;
        TaskLeakReport report = null!;

        var hostError = await Assert.ThrowsAnyAsync<Exception>(() => host.Should().ShutDownCleanlyAsync());
        var reportError = Assert.ThrowsAny<Exception>(() => report.Should().BeClean());

        Assert.Equal("Expected host to shut down cleanly, but found <null>.", hostError.Message);
        Assert.Equal("Expected report to be clean, but found <null>.", reportError.Message);
    }

    // FluentAssertions names the subject after the caller's variable when it can read the caller's source,
    // and after its kind when it cannot (a CI build maps source paths away, and after an await the
    // caller's frame is gone).
    private static string CallerOrKind(string variable, string kind) => $"Expected ({variable}|{kind})";
}
