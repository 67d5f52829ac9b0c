using Xunit;
using FixTla002 = TaskLeakAssert.Analyzers.Tests.VerifyFix<TaskLeakAssert.Analyzers.UnobservedTokenAnalyzer, TaskLeakAssert.Analyzers.PassTokenCodeFix>;
using FixTla005 = TaskLeakAssert.Analyzers.Tests.VerifyFix<TaskLeakAssert.Analyzers.EndlessWaitAnalyzer, TaskLeakAssert.Analyzers.PassTokenCodeFix>;

namespace TaskLeakAssert.Analyzers.Tests;

public sealed class PassTokenCodeFixTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Channels; using System.Threading.Tasks; using Microsoft.Extensions.Hosting;\n";

    [Fact]
    public Task TLA002_the_overload_with_a_token_gets_stoppingToken() =>
        FixTla002.FixesAsync(
            Usings + """
            sealed class Poller : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (true) { await {|TLA002:Task.Delay(100)|}; }
                }
            }
            """,
            Usings + """
            sealed class Poller : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    while (true) { await Task.Delay(100, stoppingToken); }
                }
            }
            """);

    [Fact]
    public Task TLA002_a_token_parameter_left_to_its_default_or_given_None_gets_the_token() =>
        FixTla002.FixesAsync(
            Usings + """
            sealed class Consumer
            {
                public async Task ConsumeAsync(ChannelReader<int> reader, CancellationToken token)
                {
                    while (await {|TLA002:reader.WaitToReadAsync()|}) { reader.TryRead(out _); }
                    do { await {|TLA002:Task.Delay(10, CancellationToken.None)|}; } while (reader.Count > 0);
                }
            }
            """,
            Usings + """
            sealed class Consumer
            {
                public async Task ConsumeAsync(ChannelReader<int> reader, CancellationToken token)
                {
                    while (await reader.WaitToReadAsync(token)) { reader.TryRead(out _); }
                    do { await Task.Delay(10, token); } while (reader.Count > 0);
                }
            }
            """);

    [Fact]
    public Task TLA002_a_token_after_optional_arguments_left_out_is_passed_by_name() =>
        FixTla002.FixesAsync(
            Usings + """
            sealed class Pump
            {
                public async Task RunAsync(CancellationToken stoppingToken)
                {
                    while (true) { await {|TLA002:WaitAsync()|}; }
                }

                private static Task WaitAsync(int milliseconds = 10, CancellationToken cancellationToken = default) => Task.Delay(milliseconds, cancellationToken);
            }
            """,
            Usings + """
            sealed class Pump
            {
                public async Task RunAsync(CancellationToken stoppingToken)
                {
                    while (true) { await WaitAsync(cancellationToken: stoppingToken); }
                }

                private static Task WaitAsync(int milliseconds = 10, CancellationToken cancellationToken = default) => Task.Delay(milliseconds, cancellationToken);
            }
            """);

    [Fact]
    public Task TLA002_a_loop_in_a_method_called_without_the_token_offers_no_fix() =>
        // The token would have to reach that method first: a change of its signature and of its callers.
        FixTla002.OffersNoFixAsync(Usings + """
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
    public Task TLA005_an_infinite_delay_gets_the_methods_token() =>
        FixTla005.FixesAsync(
            Usings + """
            sealed class Idler : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken) => await {|TLA005:Task.Delay(Timeout.Infinite)|};
            }
            """,
            Usings + """
            sealed class Idler : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken) => await Task.Delay(Timeout.Infinite, stoppingToken);
            }
            """);

    [Fact]
    public Task TLA005_an_awaited_TaskCompletionSource_is_awaited_with_the_token() =>
        FixTla005.FixesAsync(
            Usings + """
            sealed class Listener : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var stopped = new TaskCompletionSource();
                    {|TLA005:await stopped.Task|};
                }
            }
            """,
            Usings + """
            sealed class Listener : BackgroundService
            {
                protected override async Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    var stopped = new TaskCompletionSource();
                    await stopped.Task.WaitAsync(stoppingToken);
                }
            }
            """);

    [Fact]
    public Task TLA005_without_a_token_in_the_method_offers_no_fix() =>
        FixTla005.OffersNoFixAsync(Usings + """
            sealed class Session : IDisposable
            {
                public async Task WaitForeverAsync() => await {|TLA005:Task.Delay(-1)|};

                public void Dispose() { }
            }
            """);
}
