using FluentAssertions;
using Microsoft.Extensions.Hosting;
using TaskLeakAssert;
using TaskLeakAssert.FluentAssertions;
using TaskLeakAssert.Hosting;
using Xunit;

namespace OrderProcessing.Tests.Xunit;

/// <summary>The fixed service shuts down cleanly; the buggy one is caught, and the report says why.</summary>
public sealed class OrderServiceShutdownTests : IDisposable
{
    private readonly CancellationTokenSource _release = new();

    public void Dispose()
    {
        _release.Cancel();
        _release.Dispose();
    }

    [Fact]
    public async Task The_fixed_service_shuts_down_cleanly()
    {
        // begin-snippet: host
        using var host = OrderProcessingHost.Build(new SampleOptions { Fixed = true });
        await host.StartTrackedAsync();
        await OrderProcessingHost.ExerciseAsync(host);

        await host.ShouldShutDownCleanlyAsync(TimeSpan.FromSeconds(10));
        // end-snippet
    }

    [Fact]
    public async Task The_fixed_service_shuts_down_cleanly_in_FluentAssertions_terms()
    {
        using var host = OrderProcessingHost.Build(new SampleOptions { Fixed = true });
        await host.StartTrackedAsync();
        await OrderProcessingHost.ExerciseAsync(host);

        // begin-snippet: fluentassertions
        await host.Should().ShutDownCleanlyAsync(TimeSpan.FromSeconds(10), "every service must stop with the host");
        // end-snippet
    }

    [Fact]
    public async Task The_buggy_service_is_caught_and_every_bug_is_named()
    {
        using var host = OrderProcessingHost.Build(new SampleOptions { Fixed = false, LeakRelease = _release.Token });
        await host.StartTrackedAsync(new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(2) });
        await OrderProcessingHost.ExerciseAsync(host);

        var report = await host.StopAndReportAsync();
        var services = report.Services.ToDictionary(s => s.Name);

        report.IsClean.Should().BeFalse();
        services["OrderConsumer"].Problems.Should().ContainSingle().Which.Should()
            .StartWith("ExecuteAsync still running").And.Contain("it never observes stoppingToken; suspended at an await on Channel read");
        services["PaymentPoller"].Leaks.Should().ContainSingle().Which.AwaitChain.Should()
            .Equal("PaymentPoller.PollIgnoringShutdownAsync", "Task.Delay");
        services["CacheRefresher"].Leaks[0].Description.Should().Be("Timer calling lambda in CacheRefresher.StartAsync");
        services["CacheRefresher"].Leaks.Skip(1).Should().OnlyContain(l => l.Description == "async method CacheRefresher.LoadProductsAsync");
        services["AuditForwarder"].Leaks.Should().ContainSingle().Which.Description.Should()
            .Be("async method AuditForwarder.ForwardForeverAsync (started by Task.Run in AuditForwarder.StartAsync)");
        services["FraudScorer"].Leaks.Should().ContainSingle().Which.IsRunning.Should().BeTrue();
        services["OrderNotifier"].Leaks.Should().ContainSingle().Which.Description.Should()
            .Be("async void method OrderNotifier.OnOrderProcessedAsync");
    }
}
