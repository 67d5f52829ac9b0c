using Xunit;
using VerifyTla002 = TaskLeakAssert.Analyzers.Tests.Verify<TaskLeakAssert.Analyzers.UnobservedTokenAnalyzer>;

namespace TaskLeakAssert.Analyzers.Tests;

public sealed class UnobservedTokenAnalyzerTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Channels; using System.Threading.Tasks; using Microsoft.Extensions.Hosting;\n";

    [Fact]
    public Task A_BackgroundService_loop_that_delays_without_stoppingToken_is_reported() =>
        VerifyTla002.DiagnosticsAsync(
            Usings + """
            sealed class Poller : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (true)
                    {
                        await Task.Delay(100);
                    }
                }
            }
            """,
            VerifyTla002.Diagnostic("TLA002").WithSpan(8, 19, 8, 34)
                .WithArguments("'Task.Delay(100)' waits in a loop of ExecuteAsync without 'stoppingToken', and the loop never checks it: canceling cannot stop the loop. Pass 'stoppingToken'."));

    [Fact]
    public Task A_token_parameter_left_to_its_default_or_given_None_is_reported() =>
        VerifyTla002.DiagnosticsAsync(Usings + """
            sealed class Consumer
            {
                public async Task ConsumeAsync(ChannelReader<int> reader, CancellationToken token)
                {
                    while (await {|TLA002:reader.WaitToReadAsync()|}) { reader.TryRead(out _); }
                    do { await {|TLA002:Task.Delay(10, CancellationToken.None)|}; } while (reader.Count > 0);
                }
            }
            """);

    [Fact]
    public Task A_loop_in_a_method_called_without_the_token_is_reported_there() =>
        VerifyTla002.DiagnosticsAsync(Usings + """
            sealed class Poller(Func<bool> released) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => PollAsync();

                private async Task PollAsync()
                {
                    while (!released()) { await {|TLA002:Task.Delay(TimeSpan.FromMilliseconds(100))|}; }
                }
            }
            """);

    [Fact]
    public Task A_loop_that_never_awaits_in_a_method_called_without_the_token_is_reported_at_its_keyword() =>
        VerifyTla002.DiagnosticsAsync(
            Usings + """
            sealed class Scorer(Func<bool> released) : BackgroundService
            {
                public long Scored { get; private set; }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Yield();
                    ScoreForever();
                }

                private void ScoreForever()
                {
                    while (!released()) { Scored++; Thread.SpinWait(1000); }
                }
            }
            """,
            VerifyTla002.Diagnostic("TLA002").WithSpan(14, 9, 14, 14)
                .WithArguments("The loop of ScoreForever never awaits and never checks a token, and ExecuteAsync calls it without 'stoppingToken': canceling ExecuteAsync cannot stop it. Pass 'stoppingToken' to ScoreForever and check it in the loop."));

    [Fact]
    public Task Loops_that_get_or_check_a_token_directly_or_through_a_linked_source_are_not_reported() =>
        VerifyTla002.NoDiagnosticsAsync(Usings + """
            sealed class Worker(ChannelReader<int> reader) : BackgroundService
            {
                private readonly CancellationTokenSource _stopping = new();

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (true) { await Task.Delay(100, stoppingToken); }
                }

                public async Task CheckAsync(CancellationToken token)
                {
                    while (!token.IsCancellationRequested) { await Task.Delay(100); }
                }

                public async Task LinkedAsync(CancellationToken token)
                {
                    using var linked = CancellationTokenSource.CreateLinkedTokenSource(token, _stopping.Token);
                    while (await reader.WaitToReadAsync(linked.Token)) { reader.TryRead(out _); }
                    using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
                    while (await timer.WaitForNextTickAsync(token)) { }
                }

                public async Task PassesItOnAsync(CancellationToken token) => await LoopAsync(token);

                private static async Task LoopAsync(CancellationToken token)
                {
                    while (true) { await Task.Delay(10, token); }
                }
            }
            """);

    [Fact]
    public Task A_drain_loop_and_a_loop_nested_in_a_waiting_loop_are_not_busy_loops() =>
        VerifyTla002.DiagnosticsAsync(Usings + """
            sealed class Consumer(ChannelReader<int> reader, Queue<int> backlog) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) { Drain(); return ConsumeAsync(); }

                private void Drain()
                {
                    while (backlog.TryDequeue(out _)) { }
                }

                private async Task ConsumeAsync()
                {
                    while (await {|TLA002:reader.WaitToReadAsync()|})
                    {
                        while (reader.TryRead(out _)) { }
                    }
                }
            }
            """);

    [Fact]
    public Task Loops_that_end_on_their_own_and_code_without_a_token_are_not_reported() =>
        VerifyTla002.NoDiagnosticsAsync(Usings + """
            sealed class Sender
            {
                public async Task SendAllAsync(List<int> items, CancellationToken token)
                {
                    foreach (var item in items) { await Task.Delay(item); }
                    for (int attempt = 0; attempt < 3; attempt++) { await Task.Delay(10); }
                }

                public async Task PollAsync()
                {
                    while (true) { await Task.Delay(100); }
                }
            }
            """);
}
