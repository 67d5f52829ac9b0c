using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.MSTest.Tests;

/// <summary>
/// The attribute as the real MSTest runner applies it, through the [TestClass] the package's props names:
/// on classes and methods, tests in parallel, the verdict after the test instance's teardown.
/// </summary>
public sealed class AssertNoLeakedTasksAttributeTests(MSTestFixtureRun run) : IClassFixture<MSTestFixtureRun>
{
    private const string ClassCleanupResult = "[TaskLeakAssert.MSTest.Fixture.ClassFixtureLeakTests ClassCleanup]";

    private static readonly string[] s_failing =
    [
        "Fails_and_leaks",
        "Forgets_its_loop_in_TestCleanup",
        "Has_a_zero_timeout",
        "Leaks_a_polling_loop",
        "Leaks_an_unobserved_fault",
        "Leaks_from_its_TestInitialize",
        "Leaks_in_a_data_row (7,\"express\")",
        "Leaks_with_the_attribute_on_the_method",
        ClassCleanupResult,
    ];

    [Fact]
    public void Tests_start_on_the_same_kind_of_thread_with_the_check_as_without_it()
    {
        var threads = ThreadComparison.Of(run.Results, "Probe_with_the_check (", "Probe_without_the_check (");

        Assert.True(threads.StartOnTheSameKindOfThread, threads.ToString());
    }

    [Fact]
    public void A_passing_check_says_in_the_tests_output_what_it_did_not_count()
    {
        var result = run.Results["Leaves_a_library_timer_scheduled"];

        Assert.Equal("Passed", result.Outcome);
        Assert.Contains("TaskLeakAssert, scope 'CleanTests.Leaves_a_library_timer_scheduled': not counted: 1 library timer still scheduled (System.Timers.Timer); a library's own timers are not this scope's leaks.", result.Output);
    }

    [Fact]
    public void Exactly_the_leaky_tests_fail()
    {
        FixtureVerdicts.ExactlyTheseFailed(run.Results, s_failing);
        Assert.Equal(500, run.Results.Keys.Count(k => k.StartsWith("Is_clean (", StringComparison.Ordinal)));
    }

    public static TheoryData<string> JitSettings() => new(JitSettingRuns.JitSettings.Keys);

    [Theory]
    [MemberData(nameof(JitSettings))]
    public void Under_each_JIT_setting_exactly_the_leaky_tests_fail_and_500_short_clean_parallel_tests_pass(string setting)
    {
        var results = run.Runs[setting];

        FixtureVerdicts.ExactlyTheseFailed(results, s_failing);
        Assert.Equal(500, results.Count(r => r.Key.StartsWith("Is_clean (", StringComparison.Ordinal) && r.Value.Outcome == "Passed"));
    }

    [Fact]
    public void A_leaked_loop_fails_its_test_with_the_report_as_the_message_and_no_MSTest_frames()
    {
        string message = run["Leaks_a_polling_loop"].Message;

        Assert.Contains("1 leaked task in scope 'LeakyTests.Leaks_a_polling_loop' (timeout 500 ms", message);
        Assert.Contains("[1] Not completed: async method Work.PollForeverAsync", message);
        Assert.Contains("LeakyTests.Leaks_a_polling_loop in ", message);
        Assert.Contains("LeakyTests.cs:", message);
        Assert.DoesNotContain("TestMethodInfo", message);
        Assert.DoesNotContain("MethodInfoExtensions", message);
        Assert.DoesNotContain("TestMethodAttribute", message);
    }

    [Theory]
    [InlineData("Leaves_its_loop_to_Dispose")]
    [InlineData("Leaves_its_loop_to_DisposeAsync")]
    [InlineData("Stops_its_loop_in_TestCleanup")]
    public void The_verdict_comes_after_TestCleanup_DisposeAsync_and_Dispose(string test)
    {
        var result = run[test];

        Assert.True(result.Outcome == "Passed", $"{test}: {result.Outcome}\n{result.Message}");
    }

    [Fact]
    public void A_loop_started_in_TestInitialize_and_left_by_TestCleanup_is_the_tests_leak()
    {
        string message = run["Forgets_its_loop_in_TestCleanup"].Message;

        Assert.Contains("1 leaked task in scope 'TestCleanupTests.Forgets_its_loop_in_TestCleanup'", message);
        Assert.Contains("TestCleanupTests.Start in ", message);
    }

    [Fact]
    public void A_task_started_in_TestInitialize_belongs_to_the_test()
    {
        string message = run["Leaks_from_its_TestInitialize"].Message;

        Assert.Contains("1 leaked task in scope 'LeakInTestInitializeTests.Leaks_from_its_TestInitialize'", message);
        Assert.Contains("LeakInTestInitializeTests.StartPolling in ", message);
    }

    [Fact]
    public void An_unobserved_fault_fails_its_test()
    {
        Assert.Contains("[1] Faulted: async method Work.FailLaterAsync", run["Leaks_an_unobserved_fault"].Message);
    }

    [Fact]
    public void A_data_rows_arguments_are_in_the_scope_name()
    {
        Assert.Contains("1 leaked task in scope 'LeakyTests.Leaks_in_a_data_row(7, \"express\")'", run["Leaks_in_a_data_row (7,\"express\")"].Message);
    }

    [Fact]
    public void A_test_that_failed_on_its_own_keeps_its_failure_and_gets_the_report_in_its_error_output()
    {
        var result = run["Fails_and_leaks"];

        Assert.Contains("the test's own failure", result.Message);
        Assert.DoesNotContain("leaked task", result.Message);
        Assert.Contains("TaskLeakAssert: the test also left tasks running.", result.Errors);
        Assert.Contains("1 leaked task in scope 'LeakyTests.Fails_and_leaks'", result.Errors);
    }

    [Fact]
    public void A_misconfigured_attribute_fails_the_test_with_what_to_write()
    {
        Assert.Contains("[AssertNoLeakedTasks(TimeoutMilliseconds = 5000)]", run["Has_a_zero_timeout"].Message);
    }

    [Fact]
    public void A_test_without_the_attribute_is_not_checked_and_one_with_it_on_the_method_is()
    {
        Assert.Equal("Passed", run["Leaks_without_the_attribute_and_passes"].Outcome);
        Assert.Contains("1 leaked task in scope 'UncheckedTests.Leaks_with_the_attribute_on_the_method'", run["Leaks_with_the_attribute_on_the_method"].Message);
    }

    [Fact]
    public void Work_started_in_ClassInitialize_and_AssemblyInitialize_is_not_a_tests_leak()
    {
        Assert.Equal("Passed", run["Runs_while_the_class_and_assembly_loops_run"].Outcome);
        Assert.Equal("Passed", run["Runs_beside_it"].Outcome);
        Assert.Equal("Passed", run["Runs_while_the_fixture_loop_runs"].Outcome);
    }

    [Fact]
    public void A_class_fixture_that_checks_its_own_teardown_fails_as_its_ClassCleanup_result()
    {
        string message = run[ClassCleanupResult].Message;

        Assert.Contains("Class Cleanup method ClassFixtureLeakTests.StopFixtureAsync failed", message);
        Assert.Contains("1 leaked task in scope 'ClassFixtureLeakTests fixture'", message);
        Assert.Contains("ClassFixtureLeakTests.StartFixture in ", message);
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

    [Theory]
    [InlineData("Leaks_only_ignored_background_work")]
    [InlineData("Awaits_all_its_work")]
    [InlineData("Fires_and_forgets_short_work")]
    [InlineData("Runs_with_a_timeout")]
    [InlineData("Is_a_data_row (1)")]
    [InlineData("Is_a_data_row (2)")]
    [InlineData("Observes_its_fault_with_ThrowsExactlyAsync")]
    [InlineData("Is_synchronous")]
    [InlineData("Sees_its_scope_from_the_constructor_on")]
    public void Clean_tests_pass_and_the_framework_machinery_never_counts(string test)
    {
        var result = run[test];

        Assert.True(result.Outcome == "Passed", $"{test}: {result.Outcome}\n{result.Message}");
    }

    private static string ContextLine(FixtureResult result) =>
        result.Output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith("context: ", StringComparison.Ordinal));
}
