using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.Xunit.Tests;

/// <summary>The attribute as the real xunit runner applies it, in a parallel run of leaky and clean tests.</summary>
public sealed class AssertNoLeakedTasksAttributeTests(XunitFixtureRun run) : IClassFixture<XunitFixtureRun>
{
    [Fact]
    public void Exactly_the_leaky_tests_fail()
    {
        FixtureVerdicts.ExactlyTheseFailed(
            run.Results,
            [
                "TaskLeakAssert.Fixtures.AttributeAloneClassTests.Starts_a_loop_that_Dispose_stops",
                "TaskLeakAssert.Xunit.Fixture.LeakyTests.Leaks_a_polling_loop",
                "TaskLeakAssert.Xunit.Fixture.LeakyTests.Leaks_an_unobserved_fault",
            ]);
        Assert.Equal(14 + 2 + 500 + 600, run.Results.Count);
    }

    [Fact]
    public void Without_the_framework_a_test_opted_out_with_AllowLeakedTasks_passes()
    {
        var result = run.Results["TaskLeakAssert.Fixtures.AttributeAloneClassTests.Opted_out_with_a_reason"];

        Assert.True(result.Outcome == "Passed", result.Message);
    }

    [Fact]
    public void Without_the_framework_a_failure_says_the_check_ran_before_Dispose_and_gives_the_framework_line()
    {
        string message = run.Results["TaskLeakAssert.Fixtures.AttributeAloneClassTests.Starts_a_loop_that_Dispose_stops"].Message;

        Assert.Contains("[1] Not completed: async method Work.PollUntilCanceledAsync", message);
        Assert.Contains(
            "Note: The check ran after the test method and before AttributeAloneClassTests.Dispose, which the attribute alone cannot wait for: "
            + "work that the teardown stops was still running. To check from the constructor to the end of the teardown, add "
            + "[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)] to the test assembly.",
            message.ReplaceLineEndings(" "));
    }

    [Fact]
    public void A_leaked_loop_fails_its_test_with_the_report_as_the_message()
    {
        string message = run["LeakyTests.Leaks_a_polling_loop"].Message;

        Assert.Contains("TaskLeakAssert.TaskLeakException : 1 leaked task in scope 'LeakyTests.Leaks_a_polling_loop' (timeout 500 ms", message);
        Assert.Contains("[1] Not completed: async method Work.PollForeverAsync", message);
        Assert.Contains("Awaits:     Work.PollForeverAsync → Task.Delay", message);
        Assert.Contains("LeakyTests.Leaks_a_polling_loop in ", message);
        Assert.DoesNotContain("Xunit.Sdk", message);
    }

    [Fact]
    public void An_unobserved_fault_fails_its_test_with_the_exception_in_the_report()
    {
        string message = run["LeakyTests.Leaks_an_unobserved_fault"].Message;

        Assert.Contains("[1] Faulted: async method Work.FailLaterAsync", message);
        Assert.Contains("Exception:  InvalidOperationException: nobody awaited me", message);
    }

    [Fact]
    public void Ignored_background_work_and_tests_without_the_attribute_pass()
    {
        Assert.Equal("Passed", run["LeakyTests.Leaks_only_ignored_background_work"].Outcome);
        Assert.Equal("Passed", run["LeakyTests.Leaks_without_the_attribute"].Outcome);
    }

    [Theory]
    [InlineData("CleanTests.Awaits_all_its_work")]
    [InlineData("CleanTests.Fires_and_forgets_short_work_that_resumes_on_the_test_context")]
    [InlineData("CleanTests.Runs_under_an_xunit_timeout")]
    [InlineData("CleanTests.Is_a_theory(delay: 1)")]
    [InlineData("CleanTests.Is_a_theory(delay: 2)")]
    [InlineData("CleanTests.Observes_its_fault_with_Assert_ThrowsAsync")]
    [InlineData("CleanTests.Is_synchronous")]
    [InlineData("MoreCleanTests.Runs_beside_the_leaky_ones")]
    [InlineData("MoreCleanTests.Has_no_async_code_at_all")]
    public void Clean_tests_pass_and_the_framework_machinery_never_counts(string test)
    {
        var result = run[test];

        Assert.True(result.Outcome == "Passed", $"{test}: {result.Outcome}\n{result.Message}");
    }

    [Fact]
    public void Without_the_framework_1100_short_clean_tests_pass_in_parallel_and_one_after_another()
    {
        var volume = run.Results.Where(r => r.Key.Contains("Volume", StringComparison.Ordinal)).ToArray();

        Assert.Equal(1100, volume.Length);
        Assert.All(volume, r => Assert.True(r.Value.Outcome == "Passed", $"{r.Key}: {r.Value.Message}"));
    }

    [Fact]
    public void The_scope_set_in_Before_flows_into_the_test_method()
    {
        var result = run["CleanTests.Sees_the_scope_set_in_Before"];

        Assert.True(result.Outcome == "Passed", result.Message);
    }
}
