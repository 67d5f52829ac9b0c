using TaskLeakAssert.Tests.Support;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>Scopes running side by side each see their own tasks and nothing else.</summary>
public sealed class AttributionTests
{
    [Fact]
    public async Task Sixty_scopes_in_parallel_each_report_exactly_their_own_leak()
    {
        var never = new TaskCompletionSource();
        var results = await Task.WhenAll(Enumerable.Range(0, 60).Select(i => Task.Run(async () =>
        {
            Task? leaked = null;
            var report = await TaskLeakDetector.RunAsync(
                async () =>
                {
                    await Task.WhenAll(Task.Run(() => i), Task.Delay(i % 7));
                    leaked = WaitAsync(never.Task, i);
                    await Task.Yield();
                },
                Leaks.Short);
            return (Report: report, LeakedId: leaked!.Id);
        })));
        never.SetResult();

        foreach (var (report, leakedId) in results)
        {
            var leak = Assert.Single(report.Leaks);
            Assert.Equal(1, leak.Count);
            Assert.Equal(leakedId, leak.TaskId);
        }
    }

    [Fact]
    public async Task Two_hundred_scopes_at_once_three_rounds_every_report_is_exact()
    {
        var options = new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(200), CaptureStackTraces = false };
        for (int round = 0; round < 3; round++)
        {
            var never = new TaskCompletionSource();
            var results = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => Task.Run(async () =>
            {
                Task? leaked = null;
                var report = await TaskLeakDetector.RunAsync(
                    async () =>
                    {
                        await Task.WhenAll(Task.Run(() => i), Task.Delay(1));
                        leaked = WaitAsync(never.Task, i);
                    },
                    options);
                return (Report: report, LeakedId: leaked!.Id);
            })));
            never.SetResult();

            Assert.All(results, r => Assert.Equal(r.LeakedId, Assert.Single(r.Report.Leaks).TaskId));
        }
    }

    [Fact]
    public async Task A_scope_does_not_see_the_tasks_of_a_scope_running_beside_it()
    {
        var never = new TaskCompletionSource();
        var leakyStarted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var leaky = Task.Run(() => TaskLeakDetector.RunAsync(
            async () =>
            {
                _ = WaitAsync(never.Task, 1);
                leakyStarted.SetResult();
                await Task.Delay(100);
            },
            Leaks.Short));
        var clean = Task.Run(() => TaskLeakDetector.RunAsync(async () =>
        {
            await leakyStarted.Task;
            await Task.Delay(50);
        }));

        var reports = await Task.WhenAll(leaky, clean);
        never.SetResult();

        Assert.Single(reports[0].Leaks);
        Assert.True(reports[1].IsClean, reports[1].ToString());
    }

    private static async Task WaitAsync(Task task, int owner)
    {
        _ = owner;
        await task;
    }
}
