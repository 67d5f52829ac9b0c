using Xunit;

namespace TaskLeakAssert.NUnit.Tests;

/// <summary>The attribute as the real NUnit runner applies it: on the assembly, fixtures and methods, fixtures in parallel.</summary>
public sealed class AssertNoLeakedTasksAttributeTests(NUnitFixtureRun run) : IClassFixture<NUnitFixtureRun>
{
    [Fact]
    public void Exactly_the_leaky_tests_fail()
    {
        var failed = run.Results.Where(r => r.Value.Outcome != "Passed").Select(r => r.Key).Order().ToArray();

        Assert.Equal(["Leaks_a_polling_loop", "Leaks_an_unobserved_fault", "Leaks_from_its_SetUp"], failed);
        Assert.Equal(13, run.Results.Count);
    }

    [Fact]
    public void A_leaked_loop_fails_its_test_with_the_report_as_the_message()
    {
        string message = run["Leaks_a_polling_loop"].Message;

        Assert.Contains("1 leaked task in scope 'LeakyFixture.Leaks_a_polling_loop' (timeout 500 ms", message);
        Assert.Contains("[1] Not completed: async method Work.PollForeverAsync", message);
        Assert.Contains("LeakyFixture.Leaks_a_polling_loop in ", message);
        Assert.DoesNotContain("NUnit.Framework", message);
    }

    [Fact]
    public void A_task_started_in_SetUp_belongs_to_the_test()
    {
        string message = run["Leaks_from_its_SetUp"].Message;

        Assert.Contains("1 leaked task in scope 'LeakInSetUpFixture.Leaks_from_its_SetUp'", message);
        Assert.Contains("LeakInSetUpFixture.StartPolling in ", message);
    }

    [Fact]
    public void An_unobserved_fault_fails_its_test()
    {
        Assert.Contains("[1] Faulted: async method Work.FailLaterAsync", run["Leaks_an_unobserved_fault"].Message);
    }

    [Theory]
    [InlineData("Leaks_only_ignored_background_work")]
    [InlineData("Awaits_all_its_work")]
    [InlineData("Fires_and_forgets_short_work")]
    [InlineData("Runs_with_a_cancel_after_timeout")]
    [InlineData("Is_a_test_case(1)")]
    [InlineData("Is_a_test_case(2)")]
    [InlineData("Observes_its_fault_with_ThrowsAsync")]
    [InlineData("Is_synchronous")]
    [InlineData("Sees_the_scope_in_SetUp_and_in_the_test")]
    [InlineData("Runs_beside_the_leaky_ones")]
    public void Clean_tests_pass_and_the_framework_machinery_never_counts(string test)
    {
        var result = run[test];

        Assert.True(result.Outcome == "Passed", $"{test}: {result.Outcome}\n{result.Message}");
    }
}
