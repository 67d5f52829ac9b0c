using Xunit;
using FixTla003 = TaskLeakAssert.Analyzers.Tests.VerifyFix<TaskLeakAssert.Analyzers.AsyncVoidAnalyzer, TaskLeakAssert.Analyzers.ReturnTaskCodeFix>;

namespace TaskLeakAssert.Analyzers.Tests;

public sealed class ReturnTaskCodeFixTests
{
    [Fact]
    public Task An_async_void_method_returns_Task() =>
        FixTla003.FixesAsync(
            """
            using System.Threading.Tasks;

            sealed class Notifier
            {
                public async void {|TLA003:Send|}() => await Task.Delay(10);
            }
            """,
            """
            using System.Threading.Tasks;

            sealed class Notifier
            {
                public async Task Send() => await Task.Delay(10);
            }
            """);

    [Fact]
    public Task Without_the_using_the_fix_still_compiles() =>
        FixTla003.FixesAsync(
            """
            sealed class Notifier
            {
                public async void {|TLA003:Send|}() => await System.Threading.Tasks.Task.Yield();
            }
            """,
            """
            sealed class Notifier
            {
                public async System.Threading.Tasks.Task Send() => await System.Threading.Tasks.Task.Yield();
            }
            """);

    [Fact]
    public Task An_async_void_local_function_returns_Task() =>
        FixTla003.FixesAsync(
            """
            using System.Threading.Tasks;

            sealed class Notifier
            {
                public Task SendAsync()
                {
                    async void {|TLA003:Send|}() => await Task.Delay(10);
                    Send();
                    return Task.CompletedTask;
                }
            }
            """,
            """
            using System.Threading.Tasks;

            sealed class Notifier
            {
                public Task SendAsync()
                {
                    async Task Send() => await Task.Delay(10);
                    Send();
                    return Task.CompletedTask;
                }
            }
            """);

    [Fact]
    public Task An_async_void_lambda_offers_no_fix() =>
        // Its type is its delegate's: returning Task would change what it is assigned to.
        FixTla003.OffersNoFixAsync(
            """
            using System;
            using System.Threading.Tasks;

            sealed class Notifier
            {
                public Action Send { get; } = {|TLA003:async () =>|} await Task.Delay(10);
            }
            """);
}
