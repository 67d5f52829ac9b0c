using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.XunitV3.Tests;

public sealed class XunitV3AttributeAloneRuns() : JitSettingRuns("TaskLeakAssert.XunitV3.Fixture", "");

/// <summary>
/// The attribute alone, in a suite that does not name TaskLeakTestFramework: xunit v3's before/after hooks
/// check the test method, and 500 short clean tests in parallel classes never fail, under each JIT setting.
/// </summary>
public sealed class AttributeAloneTests(XunitV3AttributeAloneRuns runs) : IClassFixture<XunitV3AttributeAloneRuns>
{
    public static TheoryData<string> JitSettings() => new(JitSettingRuns.JitSettings.Keys);

    [Theory]
    [MemberData(nameof(JitSettings))]
    public void Under_each_JIT_setting_only_the_leaky_test_fails_and_500_short_clean_tests_pass(string setting)
    {
        var results = runs.Runs[setting];

        FixtureVerdicts.ExactlyTheseFailed(
            results,
            ["TaskLeakAssert.Fixtures.AttributeAloneClassTests.Starts_a_loop_that_Dispose_stops", "TaskLeakAssert.XunitV3.Fixture.AttributeAloneTests.Leaks_a_polling_loop"]);
        Assert.Equal(500, results.Count(r => r.Key.Contains(".Volume", StringComparison.Ordinal) && r.Value.Outcome == "Passed"));
    }

    // The walk of a test body's creation stack ends where xunit calls the test method: the report still names the
    // test's own line, whatever the JIT did to the runner's frames below.
    [Theory]
    [MemberData(nameof(JitSettings))]
    public void Under_each_JIT_setting_the_leak_is_reported_where_the_test_method_started_it(string setting)
    {
        var result = runs.Runs[setting]["TaskLeakAssert.XunitV3.Fixture.AttributeAloneTests.Leaks_a_polling_loop"];

        Assert.Contains("Created at: Work.PollForeverAsync in ", result.Message);
        Assert.Matches(@"\n\s+AttributeAloneTests\.Leaks_a_polling_loop in \S*AttributeAloneTests\.cs:17\r?\n", result.Message);
        Assert.DoesNotContain("Xunit.v3", result.Message.Split("Stack Trace:")[0]);
    }

    [Fact]
    public void A_passing_check_says_that_work_started_in_InitializeAsync_was_not_checked_and_gives_the_framework_line()
    {
        var result = runs["TaskLeakAssert.XunitV3.Fixture.WorkerStartedInInitializeAsync.Uses_the_worker"];

        Assert.Equal("Passed", result.Outcome);
        Assert.Contains(
            "TaskLeakAssert, scope 'WorkerStartedInInitializeAsync.Uses_the_worker': not checked: work that WorkerStartedInInitializeAsync's constructor and InitializeAsync started (the attribute alone checks the test method only). To check from the constructor to the end of the teardown, add [assembly: TestFramework(typeof(TaskLeakTestFramework))] to the test assembly.",
            result.Output);
    }

    [Fact]
    public void A_passing_check_says_that_work_its_constructor_started_was_not_checked()
    {
        var result = runs["TaskLeakAssert.XunitV3.Fixture.WorkerStartedByAField.Uses_the_worker"];

        Assert.Equal("Passed", result.Outcome);
        Assert.Contains(
            "TaskLeakAssert, scope 'WorkerStartedByAField.Uses_the_worker': not checked: work that WorkerStartedByAField's constructor started (the attribute alone checks the test method only). To check from the constructor to the end of the teardown, add [assembly: TestFramework(typeof(TaskLeakTestFramework))] to the test assembly.",
            result.Output);
    }

    [Fact]
    public void A_class_whose_constructor_does_nothing_gets_no_such_line()
    {
        var result = runs["TaskLeakAssert.XunitV3.Fixture.AttributeAloneTests.Awaits_all_its_work"];

        Assert.Equal("Passed", result.Outcome);
        Assert.DoesNotContain("not checked", result.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_leak_fails_its_test_with_the_report()
    {
        string message = runs["TaskLeakAssert.XunitV3.Fixture.AttributeAloneTests.Leaks_a_polling_loop"].Message;

        Assert.Contains("1 leaked task in scope 'AttributeAloneTests.Leaks_a_polling_loop' (timeout 500 ms", message);
        Assert.Contains("[1] Not completed: async method Work.PollForeverAsync", message);
    }

    [Fact]
    public void A_test_opted_out_with_AllowLeakedTasks_passes_and_says_why_in_its_output()
    {
        var result = runs["TaskLeakAssert.Fixtures.AttributeAloneClassTests.Opted_out_with_a_reason"];

        Assert.True(result.Outcome == "Passed", result.Message);
        Assert.Contains("TaskLeakAssert: leak check skipped, leaked tasks allowed: polls on purpose, stopped by the fixture's clock", result.Output);
    }

    [Fact]
    public void A_failure_says_the_check_ran_before_Dispose_and_gives_the_framework_line()
    {
        string message = runs["TaskLeakAssert.Fixtures.AttributeAloneClassTests.Starts_a_loop_that_Dispose_stops"].Message;

        Assert.Contains("[1] Not completed: async method Work.PollUntilCanceledAsync", message);
        Assert.Contains(
            "Note: The check ran after the test method and before AttributeAloneClassTests.Dispose, which the attribute alone cannot wait for: "
            + "work that the teardown stops was still running. To check from the constructor to the end of the teardown, add "
            + "[assembly: TestFramework(typeof(TaskLeakTestFramework))] to the test assembly.",
            message.ReplaceLineEndings(" "));
    }
}
