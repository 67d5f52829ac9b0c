using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;
using Microsoft.Extensions.Hosting;
using OrderProcessing;
using TaskLeakAssert.Hosting;
using Xunit;

namespace TaskLeakAssert.Analyzers.Tests;

/// <summary>
/// The two halves agree: the demo's buggy services, with the analyzers' code fixes applied as a user would apply them,
/// pass the runtime shutdown check that the same services, unfixed, fail.
/// </summary>
public sealed class CodeFixedSampleTests
{
    // The buggy services whose diagnostics offer a fix (OrderNotifier's async void handler, below, needs a design change
    // a fix does not make).
    private static readonly string[] FixedServices = ["OrderProcessing.Services.PaymentPoller", "OrderProcessing.Services.OrderConsumer", "OrderProcessing.Services.FraudScorer", "OrderProcessing.Services.AuditForwarder"];

    [Fact]
    public async Task The_code_fixes_turn_the_flagged_services_into_ones_that_shut_down_cleanly()
    {
        var (project, applied) = await SampleProject.FixAllAsync(SampleProject.Load());

        Assert.Equal(
            [
                "AuditForwarder.cs TLA001: Keep the task, cancel and await it in StopAsync",
                "AuditForwarder.cs TLA002: Pass 'cancellationToken'",
                "FraudScorer.cs TLA002: Pass 'stoppingToken' from ExecuteAsync to ScoreForever",
                "OrderConsumer.cs TLA002: Pass 'stoppingToken' from ExecuteAsync to ConsumeIgnoringShutdownAsync",
                "PaymentPoller.cs TLA002: Pass 'stoppingToken' from ExecuteAsync to PollIgnoringShutdownAsync",
            ],
            applied);
        Assert.Equal(
            [
                "OrderNotifier.cs TLA003 private async void OnOrderProcessedAsync(object? sender, Order order)",
            ],
            await SampleProject.DiagnosticsAsync(project));

        var context = new AssemblyLoadContext("code-fixed OrderProcessing", isCollectible: true);
        try
        {
            var fixedSample = Load(context, await SampleProject.CompileAsync(project));
            using var release = new CancellationTokenSource();
            using var host = BuildBuggyHost(fixedSample, release.Token);

            await host.StartTrackedAsync();
            await ExerciseAsync(fixedSample, host);

            var report = await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(10) });
            Assert.True(report.IsClean, report.ToString());
        }
        finally
        {
            context.Unload();
        }
    }

    [Fact]
    public async Task The_same_services_unfixed_fail_the_check()
    {
        using var release = new CancellationTokenSource();
        using var host = BuildBuggyHost(typeof(SampleOptions).Assembly, release.Token);
        await host.StartTrackedAsync();
        await ExerciseAsync(typeof(SampleOptions).Assembly, host);

        var report = await host.StopAndReportAsync(new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(2) });
        await release.CancelAsync();

        Assert.False(report.IsClean);
        Assert.Equal(["AuditForwarder", "FraudScorer", "OrderConsumer", "PaymentPoller"], report.Services.Where(s => !s.IsClean).Select(s => s.Name).Order(StringComparer.Ordinal));
    }

    private static Assembly Load(AssemblyLoadContext context, Compilation compilation)
    {
        using var image = new MemoryStream();
        var emitted = compilation.Emit(image);
        Assert.True(emitted.Success, string.Join("\n", emitted.Diagnostics));
        image.Position = 0;

        // Its dependencies (Microsoft.Extensions.Hosting…) come from this process's default context, as the host's do.
        return context.LoadFromStream(image);
    }

    // The sample's host with the buggy variants (Fixed = false) of the services the fixes change.
    private static IHost BuildBuggyHost(Assembly sample, CancellationToken release)
    {
        var optionsType = sample.GetType("OrderProcessing.SampleOptions", throwOnError: true)!;
        var options = Activator.CreateInstance(optionsType)!;
        optionsType.GetProperty("Fixed")!.SetValue(options, false);
        optionsType.GetProperty("LeakRelease")!.SetValue(options, release);
        var build = sample.GetType("OrderProcessing.OrderProcessingHost", throwOnError: true)!.GetMethod("Build", [optionsType, typeof(Type[])])!;
        return (IHost)build.Invoke(null, [options, FixedServices.Select(name => sample.GetType(name, throwOnError: true)!).ToArray()])!;
    }

    private static Task ExerciseAsync(Assembly sample, IHost host) =>
        (Task)sample.GetType("OrderProcessing.OrderProcessingHost", throwOnError: true)!.GetMethod("ExerciseAsync")!.Invoke(null, [host, 3])!;
}
