using TaskLeakAssert.Tests.Shared;
using Xunit;

namespace TaskLeakAssert.Tests.Shared;

/// <summary>
/// An adapter's TaskLeakTestFramework as the real runner runs it: the test's whole lifetime, in parallel,
/// under several JIT settings. Each xunit adapter runs the same fixture tests through its own framework.
/// </summary>
/// <param name="runs">The fixture's runs.</param>
/// <param name="fixture">The fixture's root namespace, which prefixes its test names.</param>
/// <param name="context">What a test of that framework sees as its context, with or without the check.</param>
public abstract class LifetimeTests(JitSettingRuns runs, string fixture, string context)
{
    public static TheoryData<string> JitSettings() => new(JitSettingRuns.JitSettings.Keys);

    [Theory]
    [MemberData(nameof(JitSettings))]
    public void Under_each_JIT_setting_exactly_the_leaky_tests_fail_and_500_short_clean_tests_pass(string setting)
    {
        var results = runs.Runs[setting];

        FixtureVerdicts.ExactlyTheseFailed(
            results,
            [
                $"{fixture}.ConstructorLeaks.Leaks_from_its_constructor",
                $"{fixture}.LeakyTests.Leaks_a_polling_loop(orderId: 7)",
                $"{fixture}.OptedOutClass.A_method_can_opt_back_in",
            ]);
        Assert.Equal(500, results.Count(r => r.Key.Contains(".Volume", StringComparison.Ordinal) && r.Value.Outcome == "Passed"));
    }

    [Theory]
    [InlineData("DisposeStopsTheLoop.The_test_uses_the_running_loop")]
    [InlineData("AsyncLifetimeStopsTheWorker.The_test_runs_beside_the_worker")]
    public void Work_that_the_teardown_stops_is_not_a_leak(string test)
    {
        var result = runs[test];

        Assert.True(result.Outcome == "Passed", $"{test}: {result.Outcome}\n{result.Message}");
    }

    [Fact]
    public void A_leak_from_the_constructor_is_the_test_leak()
    {
        string message = runs["ConstructorLeaks.Leaks_from_its_constructor"].Message;

        Assert.Contains("1 leaked task in scope 'ConstructorLeaks.Leaks_from_its_constructor'", message);
        Assert.Contains("ConstructorLeaks..ctor in ", message);
    }

    [Fact]
    public void A_theory_row_names_its_arguments_and_fails_with_the_report()
    {
        string message = runs["LeakyTests.Leaks_a_polling_loop(orderId: 7)"].Message;

        Assert.StartsWith("TaskLeakAssert.TaskLeakException : 1 leaked task in scope 'LeakyTests.Leaks_a_polling_loop(orderId: 7)' (timeout 500 ms", message);
        Assert.Contains("[1] Not completed: async method Work.PollForeverAsync", message);
        Assert.DoesNotContain("Xunit.Sdk", message);
    }

    [Theory]
    [InlineData("LeakyTests.Opts_out_with_a_reason", "leaves a loop running on purpose, to prove the opt-out")]
    [InlineData("OptedOutClass.Leaks_but_the_class_opted_out", "the whole class opts out")]
    public void An_opted_out_test_passes_and_its_output_says_why(string test, string reason)
    {
        var result = runs[test];

        Assert.Equal("Passed", result.Outcome);
        Assert.Contains($"TaskLeakAssert: leak check skipped, leaked tasks allowed: {reason}", result.Output);
    }

    [Fact]
    public void Tests_start_on_the_same_kind_of_thread_with_the_check_as_without_it()
    {
        // 200 tests with the check, 200 without: where each starts, and where its first Task.Run runs.
        var threads = ThreadComparison.Of(runs.Runs[JitSettingRuns.Default], "ThreadWithTheCheck.", "ThreadWithoutTheCheck.");

        Assert.True(threads.StartOnTheSameKindOfThread, threads.ToString());
    }

    [Fact]
    public void A_passing_check_says_in_the_tests_output_what_it_did_not_count()
    {
        var result = runs["NotCountedTests.Leaves_a_library_timer_scheduled"];

        Assert.Equal("Passed", result.Outcome);
        Assert.Contains(
            "TaskLeakAssert, scope 'NotCountedTests.Leaves_a_library_timer_scheduled': not counted: 1 library timer still scheduled (System.Timers.Timer); a library's own timers are not this scope's leaks.",
            result.Output);
    }

    [Fact]
    public void A_method_attribute_opts_back_in_inside_a_class_that_opted_out()
    {
        string message = runs["OptedOutClass.A_method_can_opt_back_in"].Message;

        Assert.Contains("1 leaked task in scope 'OptedOutClass.A_method_can_opt_back_in' (timeout 500 ms", message);
    }

    [Fact]
    public void A_test_sees_the_same_context_scheduler_and_continuation_threads_with_and_without_the_check()
    {
        string with = ContextLine(runs["ContextWithTheCheck.Reports_its_context"]);
        string without = ContextLine(runs["ContextWithoutTheCheck.Reports_its_context"]);

        Assert.Equal(without, with);
        Assert.StartsWith($"context: {context}", with);
    }

    public static TheoryData<string, string> LazyFixtureTests()
    {
        var data = new TheoryData<string, string>();
        foreach (string setting in JitSettingRuns.JitSettings.Keys)
        {
            foreach (string test in new[]
            {
                "LazyClassFixtureTests.One_test_starts_or_uses_the_fixture",
                "LazyClassFixtureTests.Another_test_starts_or_uses_the_fixture",
                "LazyCollectionFixtureTests.One_class_starts_or_uses_the_collection_fixture",
                "MoreLazyCollectionFixtureTests.Another_class_starts_or_uses_the_collection_fixture",
                "LazyHostFixtureTests.One_test_starts_or_uses_the_host",
                "LazyHostFixtureTests.Another_test_starts_or_uses_the_host",
            })
            {
                data.Add(setting, test);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LazyFixtureTests))]
    public void Work_a_shared_fixture_starts_lazily_from_inside_a_test_is_the_fixtures_not_the_tests(string setting, string test)
    {
        var result = runs.Runs[setting][$"{fixture}.{test}"];

        Assert.True(result.Outcome == "Passed", $"{test} under {setting}: {result.Outcome}\n{result.Message}");
    }

    [Fact]
    public void A_failing_tests_report_is_printed_once_in_the_runs_output()
    {
        var run = runs.Runs[JitSettingRuns.Default];
        const string Headline = "1 leaked task in scope 'LeakyTests.Leaks_a_polling_loop";

        int printed = run.RunOutput.Split(Headline).Length - 1;

        Assert.True(printed == 1, $"printed {printed} times:\n{run.RunOutput}");
    }

    [Fact]
    public void A_class_fixture_whose_teardown_leaves_a_loop_fails_the_class_cleanup_with_a_report_naming_the_fixture()
    {
        var run = runs.Runs[JitSettingRuns.Default];

        Assert.Equal("Passed", runs["ForgetfulFixtureTests.Runs_while_the_fixture_loops_run"].Outcome);
        Assert.Contains(run.RunErrors, e => e.Contains($"[Test Class Cleanup Failure ({fixture}.ForgetfulFixtureTests)] TaskLeakAssert.TaskLeakException", StringComparison.Ordinal));
        Assert.Contains(" in scope 'class fixture ForgetfulFixture of ForgetfulFixtureTests' (timeout 500 ms", run.RunOutput);
        Assert.Contains("ForgetfulFixture.StartAsync in ", run.RunOutput);
    }

    [Fact]
    public void A_collection_fixture_whose_lazily_started_loop_outlives_its_teardown_fails_the_collection_cleanup()
    {
        var run = runs.Runs[JitSettingRuns.Default];

        Assert.Equal("Passed", runs["ForgetfulCollectionFixtureTests.Starts_the_collection_fixture_loop"].Outcome);
        Assert.Contains(run.RunErrors, e => e.Contains("[Test Collection Cleanup Failure (forgetful collection)] TaskLeakAssert.TaskLeakException", StringComparison.Ordinal));
        Assert.Contains("1 leaked task in scope 'collection fixture ForgetfulCollectionFixture of the \"forgetful collection\" collection'", run.RunOutput);
        Assert.Contains("ForgetfulCollectionFixture.StartAsync in ", run.RunOutput);
    }

    [Fact]
    public void Only_the_forgetful_fixtures_fail_a_cleanup_under_any_JIT_setting()
    {
        foreach (var (setting, run) in runs.Runs)
        {
            var cleanupFailures = run.RunErrors.Where(e => e.Contains("Cleanup Failure", StringComparison.Ordinal)).ToArray();
            Assert.True(cleanupFailures.Length == 2, $"{setting}: {string.Join("\n", cleanupFailures)}");
        }
    }

    private static string ContextLine(FixtureResult result) =>
        result.Output.Split('\n').Select(l => l.Trim()).Single(l => l.StartsWith("context: ", StringComparison.Ordinal));
}
