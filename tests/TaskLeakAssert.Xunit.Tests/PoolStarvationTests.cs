using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.Xunit.Tests;

/// <summary>
/// Through the real xunit runner: one test blocks every pool thread for seconds while three others queue short
/// work behind it and end, and a fourth stops a clean host. Their checks wait for the stalled pool instead of blaming
/// them, and say so in their output.
/// </summary>
public sealed class PoolStarvationTests
{
    [Fact]
    public async Task Another_tests_starvation_does_not_fail_the_starved_tests_and_their_output_says_the_check_waited()
    {
        var run = await FixtureRunner.RunAsync("TaskLeakAssert.Xunit.StarvationFixture", TimeSpan.FromMinutes(5));

        Assert.Equal(5, run.Count);
        Assert.All(run, r => Assert.True(r.Value.Outcome == "Passed", $"{r.Key}: {r.Value.Message}"));

        // Their work was queued behind the hog's blockers: it got a thread only after their timeout, and they say so.
        foreach (string victim in new[] { "FirstVictimTests", "SecondVictimTests" })
        {
            string output = run[$"TaskLeakAssert.Xunit.StarvationFixture.{victim}.Queues_short_work_while_another_test_starves_the_pool"].Output;
            Assert.Matches(
                $@"TaskLeakAssert, scope '{victim}\.Queues_short_work_while_another_test_starves_the_pool': The thread pool made no progress for [\d.]+ m?s after the timeout, while this scope's work only waited for a thread: the check waited for the pool",
                output);
        }

        // A clean host's stop needed pool threads the hog held: the host check waited for the pool, and says so.
        string host = run["TaskLeakAssert.Xunit.StarvationFixture.HostVictimTests.Stops_a_clean_host_while_another_test_starves_the_pool"].Output;
        Assert.Matches(@"IHost\.StopAsync returned [\d.]+ m?s after the timeout: the thread pool made no progress meanwhile and none of the host's work ran on a thread, so the check waited for the pool", host);
    }
}
