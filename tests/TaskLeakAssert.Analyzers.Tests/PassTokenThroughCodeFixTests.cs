using Xunit;
using FixTla002 = TaskLeakAssert.Analyzers.Tests.VerifyFix<TaskLeakAssert.Analyzers.UnobservedTokenAnalyzer, TaskLeakAssert.Analyzers.PassTokenThroughCodeFix>;

namespace TaskLeakAssert.Analyzers.Tests;

public sealed class PassTokenThroughCodeFixTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Channels; using System.Threading.Tasks; using Microsoft.Extensions.Hosting;\n";

    [Fact]
    public Task The_method_gets_the_token_its_caller_has_and_its_wait_uses_it() =>
        FixTla002.FixesAsync(
            Usings + """
            sealed class Poller(Func<bool> released) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => PollAsync();

                private async Task PollAsync()
                {
                    while (!released()) { await {|TLA002:Task.Delay(TimeSpan.FromMilliseconds(100))|}; }
                }
            }
            """,
            Usings + """
            sealed class Poller(Func<bool> released) : BackgroundService
            {
                protected override Task ExecuteAsync(CancellationToken stoppingToken) => PollAsync(stoppingToken);

                private async Task PollAsync(CancellationToken stoppingToken)
                {
                    while (!released()) { await Task.Delay(TimeSpan.FromMilliseconds(100), stoppingToken); }
                }
            }
            """);

    [Fact]
    public Task A_loop_that_never_awaits_checks_the_token_at_each_turn() =>
        FixTla002.FixesAsync(
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
                    {|TLA002:while|} (!released())
                    {
                        Scored++;
                    }
                }
            }
            """,
            Usings + """
            sealed class Scorer(Func<bool> released) : BackgroundService
            {
                public long Scored { get; private set; }

                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    await Task.Yield();
                    ScoreForever(stoppingToken);
                }

                private void ScoreForever(CancellationToken stoppingToken)
                {
                    while (!released())
                    {
                        stoppingToken.ThrowIfCancellationRequested();
                        Scored++;
                    }
                }
            }
            """);

    [Fact]
    public Task A_method_also_called_elsewhere_gets_an_optional_token_and_the_other_calls_still_compile() =>
        FixTla002.FixesAsync(
            Usings + """
            sealed class Consumer(ChannelReader<int> reader) : BackgroundService
            {
                public Task DrainAsync() => ConsumeAsync();

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => ConsumeAsync();

                private async Task ConsumeAsync()
                {
                    while (await {|TLA002:reader.WaitToReadAsync()|}) { reader.TryRead(out _); }
                }
            }
            """,
            Usings + """
            sealed class Consumer(ChannelReader<int> reader) : BackgroundService
            {
                public Task DrainAsync() => ConsumeAsync();

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => ConsumeAsync(stoppingToken);

                private async Task ConsumeAsync(CancellationToken stoppingToken = default)
                {
                    while (await reader.WaitToReadAsync(stoppingToken)) { reader.TryRead(out _); }
                }
            }
            """);

    [Fact]
    public Task A_method_used_as_a_delegate_offers_no_fix() =>
        // A parameter would break the conversion to the delegate's type.
        FixTla002.OffersNoFixAsync(Usings + """
            sealed class Consumer(ChannelReader<int> reader) : BackgroundService
            {
                public Func<Task> Drain => ConsumeAsync;

                protected override Task ExecuteAsync(CancellationToken stoppingToken) => ConsumeAsync();

                private async Task ConsumeAsync()
                {
                    while (await {|TLA002:reader.WaitToReadAsync()|}) { reader.TryRead(out _); }
                }
            }
            """);
}
