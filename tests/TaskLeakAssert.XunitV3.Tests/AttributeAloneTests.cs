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

        var failed = results.Where(r => r.Value.Outcome != "Passed").Select(r => r.Key).ToArray();
        Assert.Equal(["TaskLeakAssert.XunitV3.Fixture.AttributeAloneTests.Leaks_a_polling_loop"], failed);
        Assert.Equal(500, results.Count(r => r.Key.Contains(".Volume", StringComparison.Ordinal) && r.Value.Outcome == "Passed"));
    }

    [Fact]
    public void A_leak_fails_its_test_with_the_report()
    {
        string message = runs["TaskLeakAssert.XunitV3.Fixture.AttributeAloneTests.Leaks_a_polling_loop"].Message;

        Assert.Contains("1 leaked task in scope 'AttributeAloneTests.Leaks_a_polling_loop' (timeout 500 ms", message);
        Assert.Contains("[1] Not completed: async method Work.PollForeverAsync", message);
    }
}
