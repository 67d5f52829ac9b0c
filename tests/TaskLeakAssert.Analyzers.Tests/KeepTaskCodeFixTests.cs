using Xunit;
using FixTla001 = TaskLeakAssert.Analyzers.Tests.VerifyFix<TaskLeakAssert.Analyzers.ForgottenTaskAnalyzer, TaskLeakAssert.Analyzers.KeepTaskCodeFix>;

namespace TaskLeakAssert.Analyzers.Tests;

public sealed class KeepTaskCodeFixTests
{
    private const string Usings = "using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks; using Microsoft.Extensions.Hosting;\n";

    [Fact]
    public Task A_method_started_by_Task_Run_is_kept_gets_the_token_and_StopAsync_cancels_and_awaits_it() =>
        FixTla001.FixesAsync(
            Usings + """
            sealed class Forwarder(Func<bool> released) : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _ = {|TLA001:Task.Run(ForwardForeverAsync)|};
                    return Task.CompletedTask;
                }

                public async Task StopAsync(CancellationToken cancellationToken) => await Task.Yield();

                private async Task ForwardForeverAsync()
                {
                    while (!released()) { await Task.Delay(50); }
                }
            }
            """,
            Usings + """
            sealed class Forwarder(Func<bool> released) : IHostedService
            {
                private readonly CancellationTokenSource _stopWork = new();
                private readonly List<Task> _work = new();

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    lock (_work)
                    {
                        _work.Add(Task.Run(() => ForwardForeverAsync(_stopWork.Token)));
                    }
                    return Task.CompletedTask;
                }

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    _stopWork.Cancel();
                    Task[] started;
                    lock (_work)
                    {
                        started = _work.ToArray();
                    }

                    try
                    {
                        await Task.WhenAll(started).WaitAsync(cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                    }

                    await Task.Yield();
                }

                private async Task ForwardForeverAsync(CancellationToken cancellationToken)
                {
                    while (!released()) { await Task.Delay(50); }
                }
            }
            """);

    [Fact]
    public Task A_dropped_call_of_the_types_own_method_in_a_disposable_type_is_kept_and_Dispose_cancels_it() =>
        FixTla001.FixesAsync(
            Usings + """
            sealed class Session : IDisposable
            {
                public void Open()
                {
                    _ = {|TLA001:PumpAsync()|};
                }

                public void Dispose() { }

                private async Task PumpAsync() => await Task.Delay(100);
            }
            """,
            Usings + """
            sealed class Session : IDisposable
            {
                private readonly CancellationTokenSource _stopWork = new();
                private readonly List<Task> _work = new();

                public void Open()
                {
                    lock (_work)
                    {
                        _work.Add(PumpAsync(_stopWork.Token));
                    }
                }

                public void Dispose() {
                    _stopWork.Cancel();
                }

                private async Task PumpAsync(CancellationToken cancellationToken) => await Task.Delay(100);
            }
            """);

    [Fact]
    public Task A_lambda_given_to_Task_Run_gets_the_token_as_Task_Runs_and_a_StopAsync_that_returned_a_completed_task_awaits() =>
        FixTla001.FixesAsync(
            Usings + """
            sealed class Pinger : IHostedService
            {
                public Task StartAsync(CancellationToken cancellationToken)
                {
                    _ = {|TLA001:Task.Run(async () => await Task.Delay(100))|};
                    return Task.CompletedTask;
                }

                public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
            }
            """,
            Usings + """
            sealed class Pinger : IHostedService
            {
                private readonly CancellationTokenSource _stopWork = new();
                private readonly List<Task> _work = new();

                public Task StartAsync(CancellationToken cancellationToken)
                {
                    lock (_work)
                    {
                        _work.Add(Task.Run(async () => await Task.Delay(100), _stopWork.Token));
                    }
                    return Task.CompletedTask;
                }

                public async Task StopAsync(CancellationToken cancellationToken)
                {
                    _stopWork.Cancel();
                    Task[] started;
                    lock (_work)
                    {
                        started = _work.ToArray();
                    }

                    try
                    {
                        await Task.WhenAll(started).WaitAsync(cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                    }
                }
            }
            """);

    [Fact]
    public Task A_started_method_with_optional_parameters_gets_an_optional_token_passed_by_name() =>
        FixTla001.FixesAsync(
            Usings + """
            sealed class Session : IDisposable
            {
                public void Open()
                {
                    _ = {|TLA001:PumpAsync()|};
                }

                public void Dispose() => Console.WriteLine("closed");

                private async Task PumpAsync(int delay = 100) => await Task.Delay(delay);
            }
            """,
            Usings + """
            sealed class Session : IDisposable
            {
                private readonly CancellationTokenSource _stopWork = new();
                private readonly List<Task> _work = new();

                public void Open()
                {
                    lock (_work)
                    {
                        _work.Add(PumpAsync(cancellationToken: _stopWork.Token));
                    }
                }

                public void Dispose()
                {
                    _stopWork.Cancel();
                    Console.WriteLine("closed");
                }

                private async Task PumpAsync(int delay = 100, CancellationToken cancellationToken = default) => await Task.Delay(delay);
            }
            """);

    [Fact]
    public Task A_task_dropped_in_the_stop_path_itself_offers_no_fix() =>
        FixTla001.OffersNoFixAsync(Usings + """
            sealed class Session : IDisposable
            {
                public void Dispose()
                {
                    _ = {|TLA001:FlushAsync()|};
                }

                private async Task FlushAsync() => await Task.Delay(100);
            }
            """);

    [Fact]
    public Task A_task_forgotten_in_a_method_given_a_token_of_a_type_that_is_not_stopped_offers_no_fix() =>
        // Nothing stops the type: no place to cancel and await the task.
        FixTla001.OffersNoFixAsync(Usings + """
            sealed class Worker
            {
                public void Start(CancellationToken token)
                {
                    _ = {|TLA001:Task.Run(LoopAsync)|};
                }

                private async Task LoopAsync() => await Task.Delay(100);
            }
            """);
}
