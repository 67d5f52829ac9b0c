using Xunit;
using FixTla004 = TaskLeakAssert.Analyzers.Tests.VerifyFix<TaskLeakAssert.Analyzers.UndisposedTimerAnalyzer, TaskLeakAssert.Analyzers.DisposeTimerCodeFix>;

namespace TaskLeakAssert.Analyzers.Tests;

public sealed class DisposeTimerCodeFixTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using Microsoft.Extensions.Hosting;\n";

    [Fact]
    public Task A_hosted_services_timer_is_disposed_first_thing_in_its_expression_bodied_StopAsync() =>
        FixTla004.FixesAsync(
            Usings + """
            sealed class Refresher : IHostedService
            {
                private Timer? _timer;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    {|TLA004:_timer = new Timer(_ => { }, null, TimeSpan.Zero, TimeSpan.FromSeconds(1))|};
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """,
            Usings + """
            sealed class Refresher : IHostedService
            {
                private Timer? _timer;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _timer = new Timer(_ => { }, null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken)
                {
                    _timer?.Dispose();
                    return Task.CompletedTask;
                }
            }
            """);

    [Fact]
    public Task A_disposable_types_PeriodicTimer_is_disposed_in_its_Dispose() =>
        FixTla004.FixesAsync(
            Usings + """
            sealed class Ticker : IDisposable
            {
                private readonly PeriodicTimer {|TLA004:_tick = new(TimeSpan.FromSeconds(1))|};
                public ValueTask<bool> NextAsync() => _tick.WaitForNextTickAsync();
                public void Dispose() { }
            }
            """,
            Usings + """
            sealed class Ticker : IDisposable
            {
                private readonly PeriodicTimer _tick = new(TimeSpan.FromSeconds(1));
                public ValueTask<bool> NextAsync() => _tick.WaitForNextTickAsync();
                public void Dispose() {
                    _tick?.Dispose();
                }
            }
            """);

    [Fact]
    public Task A_BackgroundService_without_a_stop_method_gets_a_Dispose_override() =>
        FixTla004.FixesAsync(
            Usings + """
            sealed class Heartbeat : BackgroundService
            {
                private System.Timers.Timer? _beat;

                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    {|TLA004:_beat = new System.Timers.Timer(1000)|};
                    _beat.Start();
                    return Task.CompletedTask;
                }
            }
            """,
            Usings + """
            sealed class Heartbeat : BackgroundService
            {
                private System.Timers.Timer? _beat;

                protected override Task ExecuteAsync(CancellationToken stoppingToken)
                {
                    _beat = new System.Timers.Timer(1000);
                    _beat.Start();
                    return Task.CompletedTask;
                }

                public override void Dispose()
                {
                    _beat?.Dispose();
                    base.Dispose();
                }
            }
            """);

    [Fact]
    public Task A_type_whose_stop_path_is_in_another_part_offers_no_fix() =>
        FixTla004.OffersNoFixAsync(Usings + """
            sealed partial class Ticker : IDisposable
            {
                private readonly Timer {|TLA004:_timer = new(_ => { }, null, 0, 100)|};
            }

            sealed partial class Ticker
            {
                public void Dispose() { }
            }
            """);
}
