using Xunit;

namespace TaskLeakAssert.Analyzers.Tests;

/// <summary>
/// The demo's services (samples/OrderProcessing), each a buggy and a fixed variant of one shutdown bug: the analyzers
/// flag the buggy variants and nothing else. (The library's own src/ is checked by its build: the analyzers run on
/// it there, with warnings as errors.)
/// </summary>
public sealed class SampleTests
{
    [Fact]
    public async Task The_demos_buggy_services_are_flagged_and_nothing_else_is()
    {
        var found = await SampleProject.DiagnosticsAsync(SampleProject.Load());

        // Five of the six services; the sixth, CacheRefresher's undisposed timer, is disposed on the fixed variant's
        // path of the same StopAsync, which TLA004 (a rule on the type: disposed anywhere) cannot tell apart.
        Assert.Equal(
            [
                "AuditForwarder.cs TLA001 _ = Task.Run(ForwardForeverAsync);",
                "FraudScorer.cs TLA002 while (!options.Released)",
                "OrderConsumer.cs TLA002 while (await queue.Reader.WaitToReadAsync())",
                "OrderNotifier.cs TLA003 private async void OnOrderProcessedAsync(object? sender, Order order)",
                "PaymentPoller.cs TLA002 await Task.Delay(Interval);",
            ],
            found);
    }
}
