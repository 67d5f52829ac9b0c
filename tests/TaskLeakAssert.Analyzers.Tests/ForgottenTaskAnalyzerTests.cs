using Xunit;
using VerifyTla001 = TaskLeakAssert.Analyzers.Tests.Verify<TaskLeakAssert.Analyzers.ForgottenTaskAnalyzer>;

namespace TaskLeakAssert.Analyzers.Tests;

public sealed class ForgottenTaskAnalyzerTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using Microsoft.Extensions.Hosting;\n";

    [Fact]
    public Task A_discarded_Task_Run_in_a_hosted_service_is_reported() =>
        VerifyTla001.DiagnosticsAsync(Usings + """
            sealed class AuditForwarder : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _ = {|TLA001:Task.Run(ForwardForeverAsync)|};
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

                private async Task ForwardForeverAsync()
                {
                    while (true) { await Task.Delay(50); }
                }
            }
            """);

    [Fact]
    public Task The_message_says_what_stops_the_type() =>
        VerifyTla001.DiagnosticsAsync(
            Usings + """
            sealed class Pump : IDisposable
            {
                public void Start() => _ = PumpAsync();
                public void Dispose() { }
                private async Task PumpAsync() { while (true) { await Task.Delay(10); } }
            }
            """,
            VerifyTla001.Diagnostic("TLA001").WithSpan(4, 32, 4, 43).WithArguments("PumpAsync()", "the Dispose of Pump"));

    [Fact]
    public Task A_discarded_StartNew_and_a_bare_call_in_a_method_given_a_token_are_reported() =>
        VerifyTla001.DiagnosticsAsync(Usings + """
            sealed class Worker
            {
                public void Start(CancellationToken token)
                {
                    _ = {|TLA001:Task.Factory.StartNew(() => { while (true) { Thread.Sleep(10); } })|};
                    {|TLA001:LoopAsync()|};
                }

                private async Task LoopAsync() { while (true) { await Task.Delay(10); } }
            }
            """);

    [Fact]
    public Task A_task_kept_in_a_field_is_not_reported() =>
        VerifyTla001.NoDiagnosticsAsync(Usings + """
            sealed class Forwarder : IHostedService
            {
                private readonly CancellationTokenSource _stopping = new();
                private Task _loop = Task.CompletedTask;

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _loop = Task.Run(() => ForwardAsync(_stopping.Token), CancellationToken.None);
                    return Task.CompletedTask;
                }

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    _stopping.Cancel();
                    await _loop;
                }

                private static async Task ForwardAsync(CancellationToken token)
                {
                    while (!token.IsCancellationRequested) { await Task.Delay(50, token); }
                }
            }
            """);

    [Fact]
    public Task Work_a_token_reaches_is_not_reported_whether_passed_captured_or_read_from_a_field() =>
        VerifyTla001.NoDiagnosticsAsync(Usings + """
            sealed class Pump : IDisposable
            {
                private readonly CancellationTokenSource _stopping = new();

                public void Start(CancellationToken token)
                {
                    _ = PumpAsync(token);
                    _ = Task.Run(() => Poll(_stopping.Token));
                    _ = OwnLoopAsync();
                }

                public void Dispose() => _stopping.Cancel();

                private static async Task PumpAsync(CancellationToken token) { while (!token.IsCancellationRequested) { await Task.Delay(10, token); } }
                private static void Poll(CancellationToken token) { }
                private async Task OwnLoopAsync() { var linked = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token); while (!linked.IsCancellationRequested) { await Task.Delay(10); } }
            }
            """);

    [Fact]
    public Task CancellationToken_None_is_no_token() =>
        VerifyTla001.DiagnosticsAsync(Usings + """
            sealed class Pump : IDisposable
            {
                public void Start() => _ = {|TLA001:Task.Run(() => LoopAsync(CancellationToken.None))|};
                public void Dispose() { }
                private static async Task LoopAsync(CancellationToken token) { while (true) { await Task.Delay(10, token); } }
            }
            """);

    [Fact]
    public Task Code_without_a_shutdown_path_and_library_calls_are_not_reported() =>
        VerifyTla001.NoDiagnosticsAsync(Usings + """
            sealed class Plain
            {
                public void Start() => _ = Task.Run(() => { });
            }

            sealed class Stopper : IDisposable
            {
                private readonly CancellationTokenSource _cts = new();
                public void Dispose() { _ = _cts.CancelAsync(); _ = Task.CompletedTask; }
            }
            """);

    [Fact]
    public Task A_bare_call_in_an_async_method_is_left_to_the_compiler() =>
        VerifyTla001.NoDiagnosticsAsync(
            Usings + """
            sealed class Pump : IDisposable
            {
                public async Task StartAsync() { LoopAsync(); await Task.Yield(); }
                public void Dispose() { }
                private async Task LoopAsync() { while (true) { await Task.Delay(10); } }
            }
            """);
}
