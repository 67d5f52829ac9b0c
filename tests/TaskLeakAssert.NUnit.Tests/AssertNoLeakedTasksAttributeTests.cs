using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.NUnit.Tests;

/// <summary>The attribute as the real NUnit runner applies it: on the assembly, fixtures and methods, fixtures in parallel.</summary>
public sealed class AssertNoLeakedTasksAttributeTests(NUnitFixtureRun run) : IClassFixture<NUnitFixtureRun>
{
    private static readonly string[] s_failing = ["Leaks_a_polling_loop", "Leaks_an_unobserved_fault", "Leaks_from_its_SetUp", "Leaves_its_own_loop_behind", "Stops_its_loop_only_in_Dispose"];

    [Fact]
    public void Exactly_the_leaky_tests_fail()
    {
        // Stops_its_loop_only_in_Dispose: with LifeCycle.InstancePerTestCase NUnit disposes the instance after
        // the test's actions, so the check comes before Dispose (documented in configuration.md).
        FixtureVerdicts.ExactlyTheseFailed(run.Results, s_failing);
        Assert.Equal(16 + 500 + 3 + 2 + 7 + 2 * 200, run.Results.Count);
    }

    public static TheoryData<string> JitSettings() => new(JitSettingRuns.JitSettings.Keys);

    [Fact]
    public void Tests_start_on_the_same_kind_of_thread_with_the_check_as_without_it()
    {
        var threads = ThreadComparison.Of(run.Results, "Probe_with_the_check(", "Probe_without_the_check(");

        Assert.True(threads.StartOnTheSameKindOfThread, threads.ToString());
    }

    [Fact]
    public void A_passing_check_says_in_the_tests_output_what_it_did_not_count()
    {
        var result = run.Results["Leaves_a_library_timer_scheduled"];

        Assert.Equal("Passed", result.Outcome);
        Assert.Contains("': not counted: 1 library timer still scheduled (System.Timers.Timer); a library's own timers are not this scope's leaks.", result.Output);
    }

    [Theory]
    [MemberData(nameof(JitSettings))]
    public void Under_each_JIT_setting_exactly_the_leaky_tests_fail_and_500_short_clean_parallel_tests_pass(string setting)
    {
        var results = run.Runs[setting];

        FixtureVerdicts.ExactlyTheseFailed(results, s_failing);
        Assert.Equal(500, results.Count(r => r.Key.StartsWith("Is_clean(", StringComparison.Ordinal) && r.Value.Outcome == "Passed"));
    }

    [Theory]
    [MemberData(nameof(JitSettings))]
    public void Work_that_objects_kept_by_OneTimeSetUp_start_lazily_inside_a_test_is_the_fixtures_not_the_tests(string setting)
    {
        var results = run.Runs[setting];

        foreach (string test in new[] { "One_test_starts_or_uses_the_fixture_loops", "Another_test_starts_or_uses_the_fixture_loops", "One_test_starts_or_uses_the_host", "Another_test_starts_or_uses_the_host", "Runs_beside_the_fixture_loop", "Runs_beside_the_forgotten_loop" })
        {
            Assert.True(results[test].Outcome == "Passed", $"{test} under {setting}: {results[test].Outcome}\n{results[test].Message}");
        }
    }

    [Fact]
    public void A_fixture_that_checks_its_one_time_setup_in_its_one_time_teardown_fails_there_and_only_with_its_own_work()
    {
        var result = run.Results;

        Assert.Contains(result.RunErrors, e => e.Contains("TearDown failed for test fixture TaskLeakAssert.NUnit.Fixture.ForgetfulOneTimeSetUpFixture", StringComparison.Ordinal));
        Assert.Contains(result.RunErrors, e => e.Contains("1 leaked task in scope 'ForgetfulOneTimeSetUpFixture one-time setup'", StringComparison.Ordinal)
            && e.Contains("ForgetfulOneTimeSetUpFixture.StartLoop in ", StringComparison.Ordinal)
            && !e.Contains("Leaves_its_own_loop_behind", StringComparison.Ordinal));
        Assert.Contains("1 leaked task in scope 'ForgetfulOneTimeSetUpFixture.Leaves_its_own_loop_behind'", run["Leaves_its_own_loop_behind"].Message);
    }

    [Fact]
    public void With_one_instance_per_test_case_TearDown_is_inside_the_check_and_Dispose_is_after_it()
    {
        Assert.Equal("Passed", run["Stops_its_loop_in_TearDown"].Outcome);
        Assert.Contains(
            "1 leaked task in scope 'InstancePerTestCaseFixture.Stops_its_loop_only_in_Dispose'",
            run["Stops_its_loop_only_in_Dispose"].Message);
    }

    [Fact]
    public void A_test_sees_the_same_context_scheduler_and_continuation_threads_with_and_without_the_check()
    {
        string with = ContextLine(run["Reports_its_context_with_the_check"]);
        string without = ContextLine(run["Reports_its_context_without_the_check"]);

        Assert.Equal(without, with);
        Assert.StartsWith("context: ", with);
    }

    [Fact]
    public void An_opted_out_test_passes_and_its_output_says_why()
    {
        var result = run["Opts_out_with_a_reason"];

        Assert.Equal("Passed", result.Outcome);
        Assert.Contains("TaskLeakAssert: leak check skipped, leaked tasks allowed: leaves a loop running on purpose, to prove the opt-out", result.Output);
    }

    private static string ContextLine(FixtureResult result) =>
        result.Output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("context: ", StringComparison.Ordinal));

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
    [InlineData("Observes_its_fault_with_an_awaited_ThrowsAsync")]
    [InlineData("Observes_its_fault_late_with_an_unawaited_ThrowsAsync")]
    [InlineData("Is_synchronous")]
    [InlineData("Sees_the_scope_in_SetUp_and_in_the_test")]
    [InlineData("Runs_beside_the_leaky_ones")]
    public void Clean_tests_pass_and_the_framework_machinery_never_counts(string test)
    {
        var result = run[test];

        Assert.True(result.Outcome == "Passed", $"{test}: {result.Outcome}\n{result.Message}");
    }
}
