using Xunit;
using VerifyTla005 = TaskLeakAssert.Analyzers.Tests.Verify<TaskLeakAssert.Analyzers.EndlessWaitAnalyzer>;

namespace TaskLeakAssert.Analyzers.Tests;

public sealed class EndlessWaitAnalyzerTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using Microsoft.Extensions.Hosting;\n";

    [Fact]
    public Task An_infinite_delay_without_a_token_in_a_hosted_service_is_reported() =>
        VerifyTla005.DiagnosticsAsync(
            Usings + """
            sealed class Waiter : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Delay(Timeout.Infinite);
                    await {|TLA005:Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None)|};
                }
            }
            """,
            VerifyTla005.Diagnostic("TLA005").WithSpan(6, 15, 6, 43)
                .WithArguments("Task.Delay(Infinite)", "the StopAsync of Waiter"));

    [Fact]
    public Task A_TaskCompletionSource_nothing_can_complete_is_reported() =>
        VerifyTla005.DiagnosticsAsync(Usings + """
            sealed class Gateway : IDisposable
            {
                public async Task WaitForAcknowledgementAsync()
                {
                    var acknowledged = new TaskCompletionSource();
                    {|TLA005:await acknowledged.Task|};
                }

                public void Dispose() { }
            }
            """);

    [Fact]
    public Task Waits_a_token_or_someone_can_end_are_not_reported() =>
        VerifyTla005.NoDiagnosticsAsync(Usings + """
            sealed class Gateway : IDisposable
            {
                private readonly TaskCompletionSource _stopped = new();

                public async Task WaitAsync(CancellationToken token)
                {
                    await Task.Delay(Timeout.Infinite, token);
                    var acknowledged = new TaskCompletionSource();
                    using var registration = token.Register(() => acknowledged.TrySetCanceled(token));
                    await acknowledged.Task;
                    var handed = new TaskCompletionSource();
                    Send(handed);
                    await handed.Task;
                    await _stopped.Task;
                    await Task.Delay(100);
                }

                private static void Send(TaskCompletionSource reply) => reply.TrySetResult();

                public void Dispose() => _stopped.TrySetResult();
            }

            sealed class Plain
            {
                public async Task WaitForeverAsync() => await Task.Delay(-1);
            }
            """);
}
