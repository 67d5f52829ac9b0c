using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>
/// A shared fixture's scope owns what the fixture's code starts from inside a test's scope, and what that work
/// goes on to start after the test ended; the test's verdict never sees it, the fixture's does.
/// </summary>
public sealed class FixtureOwnershipTests
{
    private static readonly TaskLeakOptions Short = new() { Timeout = TimeSpan.FromMilliseconds(300) };

    /// <summary>Stands for a host fixture: its loop starts lazily, after an await, on the first call.</summary>
    private sealed class LazyHostFixture
    {
        private readonly object _gate = new();
        private Task? _loop;

        public async Task EnsureStartedAsync(CancellationToken stop)
        {
            await Task.Yield();
            lock (_gate)
            {
                _loop ??= LoopAsync(stop);
            }
        }

        private static async Task LoopAsync(CancellationToken stop)
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(10);
            }
        }
    }

    [Fact]
    public async Task Work_the_fixtures_code_starts_inside_a_test_is_the_fixtures()
    {
        using var stop = new CancellationTokenSource();
        var fixture = new LazyHostFixture();
        var fixtureScope = TaskLeakScope.BeginFixture("fixture LazyHostFixture", Short, [typeof(LazyHostFixture)]);
        var testScope = TaskLeakScope.BeginDetached("OrderTests.First_test", Short);
        testScope.UseFixtures([fixtureScope]);

        await testScope.RunInScopeAsync(async () =>
        {
            await fixture.EnsureStartedAsync(stop.Token);
            return true;
        });
        var testReport = await testScope.StopAsync();

        // The loop goes on after the test: its next delays are the fixture's too, through the running loop.
        await Task.Delay(50);
        var fixtureReport = await fixtureScope.StopAsync();
        await stop.CancelAsync();

        Assert.True(testReport.IsClean, testReport.ToString());
        Assert.False(fixtureReport.IsClean);
        Assert.Contains("in scope 'fixture LazyHostFixture'", fixtureReport.ToString());
        Assert.Contains("LazyHostFixture.LoopAsync", fixtureReport.ToString());
    }

    [Fact]
    public async Task Work_the_test_starts_itself_stays_the_tests()
    {
        using var stop = new CancellationTokenSource();
        var fixtureScope = TaskLeakScope.BeginFixture("fixture LazyHostFixture", Short, [typeof(LazyHostFixture)]);
        var testScope = TaskLeakScope.BeginDetached("OrderTests.Leaky_test", Short);
        testScope.UseFixtures([fixtureScope]);

        await testScope.RunInScopeAsync(async () =>
        {
            _ = PollAsync(stop.Token);
            await Task.Yield();
            return true;
        });
        var testReport = await testScope.StopAsync();
        var fixtureReport = await fixtureScope.StopAsync();
        await stop.CancelAsync();

        Assert.False(testReport.IsClean);
        Assert.Contains("FixtureOwnershipTests.PollAsync", testReport.ToString());
        Assert.True(fixtureReport.IsClean, fixtureReport.ToString());
    }

    private static async Task PollAsync(CancellationToken stop)
    {
        while (!stop.IsCancellationRequested)
        {
            await Task.Delay(10);
        }
    }
}
