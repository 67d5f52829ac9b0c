using Xunit;
using VerifyTla004 = TaskLeakAssert.Analyzers.Tests.Verify<TaskLeakAssert.Analyzers.UndisposedTimerAnalyzer>;

namespace TaskLeakAssert.Analyzers.Tests;

public sealed class UndisposedTimerAnalyzerTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using Microsoft.Extensions.Hosting;\n";

    [Fact]
    public Task A_timer_a_hosted_service_never_disposes_is_reported_where_it_is_created() =>
        VerifyTla004.DiagnosticsAsync(
            Usings + """
            sealed class Refresher : IHostedService
            {
                private Timer? _timer;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _timer = new Timer(_ => { }, null, TimeSpan.Zero, TimeSpan.FromSeconds(1));
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """,
            VerifyTla004.Diagnostic("TLA004").WithSpan(8, 9, 8, 83).WithArguments("_timer", "the StopAsync of Refresher"));

    [Fact]
    public Task A_PeriodicTimer_field_of_a_disposable_type_never_disposed_is_reported() =>
        VerifyTla004.DiagnosticsAsync(Usings + """
            sealed class Ticker : IDisposable
            {
                private readonly PeriodicTimer {|TLA004:_tick = new(TimeSpan.FromSeconds(1))|};
                public ValueTask<bool> NextAsync() => _tick.WaitForNextTickAsync();
                public void Dispose() { }
            }
            """);

    [Fact]
    public Task A_timer_disposed_stopped_or_handed_on_anywhere_in_the_type_is_not_reported() =>
        VerifyTla004.NoDiagnosticsAsync(Usings + """
            sealed class Disposes : IDisposable
            {
                private readonly Timer _timer = new(_ => { });
                public void Dispose() => _timer.Dispose();
            }

            sealed class DisposesIfThere : IAsyncDisposable
            {
                private Timer? _timer;
                public void Start() => _timer = new Timer(_ => { }, null, 0, 100);
                public async ValueTask DisposeAsync() { if (_timer is not null) { await _timer.DisposeAsync(); } _timer?.Dispose(); }
            }

            sealed class DisposesOnCancel : IHostedService
            {
                private Timer? _timer;
                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _timer = new Timer(_ => { }, null, 0, 100);
                    cancellationToken.Register(() => _timer.Dispose());
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }

            sealed class Plain
            {
                private readonly Timer _timer = new(_ => { }, null, 0, 100);
            }
            """);
}
