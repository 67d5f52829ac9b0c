using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>
/// An adapter's attributes are read once per test method and class, not per run: what a test's settings say must not
/// change with that. A method inherited by classes that say different things resolves per class; each run gets options
/// of its own; a misconfigured attribute fails every run that uses it, not only the first.
/// </summary>
public sealed class TestAttributeSettingsTests
{
    [Fact]
    public void A_test_inherited_by_two_classes_resolves_per_class_on_every_run()
    {
        var method = typeof(InheritedTests).GetMethod(nameof(InheritedTests.Runs))!;
        for (int run = 0; run < 3; run++)
        {
            var opted = Resolve(method, typeof(OptedOutClass));
            var checkedRun = Resolve(method, typeof(CheckedClass));
            Assert.Equal("the class says so", opted.AllowedBecause);
            Assert.Null(opted.Options);
            Assert.Null(checkedRun.AllowedBecause);
            Assert.Equal(TimeSpan.FromMilliseconds(250), checkedRun.Options?.Timeout);
        }
    }

    [Fact]
    public void Each_run_gets_options_of_its_own()
    {
        var method = typeof(InheritedTests).GetMethod(nameof(InheritedTests.Runs))!;
        var first = Resolve(method, typeof(CheckedClass)).Options!;
        first.Timeout = TimeSpan.FromMinutes(1);
        first.IgnoredMethods.Add("Changed.ByTheFirstRun");

        var second = Resolve(method, typeof(CheckedClass)).Options!;
        Assert.Equal(TimeSpan.FromMilliseconds(250), second.Timeout);
        Assert.Empty(second.IgnoredMethods);
    }

    [Fact]
    public void The_innermost_level_refines_the_options_of_the_outer_ones()
    {
        var method = typeof(CheckedClass).GetMethod(nameof(CheckedClass.Refined))!;
        for (int run = 0; run < 2; run++)
        {
            Assert.Equal(TimeSpan.FromMilliseconds(900), Resolve(method, typeof(CheckedClass)).Options?.Timeout);
        }
    }

    [Fact]
    public void A_misconfigured_attribute_fails_every_run()
    {
        var method = typeof(CheckedClass).GetMethod(nameof(CheckedClass.Misconfigured))!;
        for (int run = 0; run < 2; run++)
        {
            var error = Assert.Throws<ArgumentOutOfRangeException>(() => Resolve(method, typeof(CheckedClass)));
            Assert.Contains("TimeoutMilliseconds must be positive", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Each_method_of_a_class_decides_for_itself_though_the_class_is_read_once()
    {
        for (int run = 0; run < 2; run++)
        {
            var plain = Resolve(typeof(OptedOutWithChecks).GetMethod(nameof(OptedOutWithChecks.Plain))!, typeof(OptedOutWithChecks));
            var checkedMethod = Resolve(typeof(OptedOutWithChecks).GetMethod(nameof(OptedOutWithChecks.Checked))!, typeof(OptedOutWithChecks));
            Assert.Equal("flaky on purpose", plain.AllowedBecause);
            Assert.Null(checkedMethod.AllowedBecause);
            Assert.Equal(TimeSpan.FromMilliseconds(300), checkedMethod.Options?.Timeout);
        }
    }

    [Fact]
    public void A_misconfigured_opt_out_further_out_than_the_deciding_level_is_not_read()
    {
        var method = typeof(BrokenOptOutClass).GetMethod(nameof(BrokenOptOutClass.Checked))!;

        Assert.Equal(TimeSpan.FromMilliseconds(400), Resolve(method, typeof(BrokenOptOutClass)).Options?.Timeout);
        Assert.Throws<ArgumentException>(() => Resolve(typeof(BrokenOptOutClass).GetMethod(nameof(BrokenOptOutClass.Plain))!, typeof(BrokenOptOutClass)));
    }

    private static TestAttributeSettings Resolve(System.Reflection.MethodInfo method, Type testClass) =>
        TestAttributeSettings.Resolve<CheckAttribute, AllowAttribute>(method, testClass, a => AttributeOptions.Create(a.TimeoutMilliseconds, failOnFaultedTasks: true, ignoredMethods: null, ignoreRule: null), a => a.Reason);

    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
    private sealed class CheckAttribute(int timeoutMilliseconds) : Attribute
    {
        public int TimeoutMilliseconds { get; } = timeoutMilliseconds;
    }

    [AttributeUsage(AttributeTargets.Method | AttributeTargets.Class)]
    private sealed class AllowAttribute(string reason) : Attribute
    {
        public string Reason { get; } = TestAttributeSettings.RequireReason(reason, "Allow");
    }

    private abstract class InheritedTests
    {
        public void Runs()
        {
        }
    }

    [Allow("the class says so")]
    private sealed class OptedOutClass : InheritedTests;

    [Allow("flaky on purpose")]
    private sealed class OptedOutWithChecks
    {
        public void Plain()
        {
        }

        [Check(300)]
        public void Checked()
        {
        }
    }

    [Allow("")]
    private sealed class BrokenOptOutClass
    {
        public void Plain()
        {
        }

        [Check(400)]
        public void Checked()
        {
        }
    }

    [Check(250)]
    private sealed class CheckedClass : InheritedTests
    {
        [Check(900)]
        public void Refined()
        {
        }

        [Check(0)]
        public void Misconfigured()
        {
        }
    }
}
