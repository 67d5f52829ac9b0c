using Xunit;
using VerifyTla003 = TaskLeakAssert.Analyzers.Tests.Verify<TaskLeakAssert.Analyzers.AsyncVoidAnalyzer>;

namespace TaskLeakAssert.Analyzers.Tests;

public sealed class AsyncVoidAnalyzerTests
{
    private const string Usings = "using System; using System.Threading; using System.Threading.Tasks; using Microsoft.Extensions.Hosting;\n";

    [Fact]
    public Task An_async_void_method_is_reported() =>
        VerifyTla003.DiagnosticsAsync(
            Usings + """
            sealed class Sender
            {
                public async void Send() => await Task.Delay(10);
            }
            """,
            VerifyTla003.Diagnostic("TLA003").WithSpan(4, 23, 4, 27)
                .WithArguments("'Send' is async void: nobody can await it or learn that it failed, so shutdown cannot wait for it. Return Task."));

    [Fact]
    public Task An_async_lambda_that_becomes_an_Action_is_reported() =>
        VerifyTla003.DiagnosticsAsync(Usings + """
            sealed class Scheduler
            {
                public void Start(Action<Action> run) => run({|TLA003:async () =>|} await Task.Delay(10));
            }
            """);

    [Fact]
    public Task An_event_handler_of_a_type_that_is_stopped_is_reported() =>
        VerifyTla003.DiagnosticsAsync(
            Usings + """
            sealed class Order { }
            sealed class Notifier : IHostedService
            {
                public event EventHandler<Order>? Processed;
                public Task StartAsync(CancellationToken cancellationToken) { Processed += OnProcessedAsync; return Task.CompletedTask; }
                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
                private async void OnProcessedAsync(object? sender, Order order) => await Task.Delay(10);
            }
            """,
            VerifyTla003.Diagnostic("TLA003").WithSpan(8, 24, 8, 40)
                .WithArguments("'OnProcessedAsync' is an async void event handler of Notifier: shutdown cannot wait for its work. Keep the handler synchronous; let it start the work as a Task, keep the task, and await it when stopping."));

    [Fact]
    public Task An_event_handler_elsewhere_an_async_Task_method_and_an_override_are_not_reported() =>
        VerifyTla003.NoDiagnosticsAsync(Usings + """
            class Form
            {
                public event EventHandler? Clicked;
                public Form() { Clicked += OnClickedAsync; Clicked += async (s, e) => await Task.Delay(1); }
                private async void OnClickedAsync(object? sender, EventArgs e) => await Task.Delay(1);
                public async Task SendAsync() => await Task.Delay(1);
                protected virtual void OnShown() { }
            }

            sealed class Shown : Form
            {
                protected override async void OnShown() => await Task.Delay(1);
            }
            """);
}
