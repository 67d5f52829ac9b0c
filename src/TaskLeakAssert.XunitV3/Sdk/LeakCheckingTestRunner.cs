using TaskLeakAssert.Tracking;
using Xunit.v3;

namespace TaskLeakAssert.XunitV3.Sdk;

/// <summary>
/// xunit's test runner with the test's lifetime in a leak-tracking scope: constructor,
/// <c>IAsyncLifetime.InitializeAsync</c>, before/after attributes, the test, <c>DisposeAsync</c> and
/// <c>Dispose</c> run inside it, and the verdict comes after all of them. A leak fails the test through
/// xunit's own exception aggregator, so the report is the test's failure message.
/// </summary>
/// <remarks>
/// The verdict is awaited here, in the runner's flow, which the scope never tracked: nothing that asks for
/// the verdict, or that runs the runner, can be taken for a leak. The awaits keep xunit's context (no
/// ConfigureAwait(false)): this is xunit's pipeline.
/// </remarks>
internal sealed class LeakCheckingTestRunner : XunitTestRunner
{
    private LeakCheckingTestRunner()
    {
    }

    public static new LeakCheckingTestRunner Instance { get; } = new();

    /// <summary>Under this framework the runner owns the scope: the attribute's own before/after hooks must not run too.</summary>
    public static bool RunsAroundTheTest(IBeforeAfterTestAttribute attribute) => attribute is not AssertNoLeakedTasksAttribute;

    protected override async ValueTask<TimeSpan> RunTest(XunitTestRunnerContext ctxt)
    {
        ArgumentNullException.ThrowIfNull(ctxt);
        var settings = SettingsFor(ctxt);
        if (settings?.Options is null)
        {
            return await base.RunTest(ctxt);
        }

        RunnerInvocation.EnsureRegistered();
        var testClass = ctxt.Test.TestMethod.TestClass.Class;
        var scope = TaskLeakScope.BeginDetached(TestAttributeSettings.ScopeName(testClass, ctxt.Test.TestMethod.Method.Name, ctxt.Test.TestDisplayName), settings.Options, isTestRun: true);
        scope.UseFixtures(FixtureScopesOfRun.For(ctxt.Test, ctxt.ConstructorArguments));
        var elapsed = await scope.RunInScopeAsync(() => base.RunTest(ctxt).AsTask());
        // xunit's next test starts on the kind of thread it would without the check.
        var back = VerdictResumption.Here();
        var report = await scope.StopAsync();
        await back;
        if (!report.IsClean)
        {
            ctxt.Aggregator.Add(new TaskLeakException(report));
        }
        else if (report.NotesText is { } notes)
        {
            // Never silent: what a passing check did not count, or waited for, is in the test's output.
            Xunit.TestContext.Current.TestOutputHelper?.WriteLine(notes);
        }

        return elapsed;
    }

    protected override async ValueTask<string> GetTestOutput(XunitTestRunnerContext ctxt)
    {
        string output = await base.GetTestOutput(ctxt);
        if (SettingsFor(ctxt)?.AllowedBecause is not { } reason)
        {
            return output;
        }

        string note = TestAttributeSettings.OptOutNote(reason);
        return output.Length == 0 ? note : $"{output.TrimEnd()}{Environment.NewLine}{note}";
    }

    /// <summary>The attributes' settings; a misconfigured attribute fails the test with a message that says how to write it.</summary>
    private static TestAttributeSettings? SettingsFor(XunitTestRunnerContext ctxt)
    {
        try
        {
            return TestAttributeSettings.Resolve<AssertNoLeakedTasksAttribute, AllowLeakedTasksAttribute>(
                ctxt.Test.TestMethod.Method, ctxt.Test.TestMethod.TestClass.Class, a => a.CreateOptions(), a => a.Reason);
        }
        catch (ArgumentException misuse)
        {
            ctxt.Aggregator.Add(misuse);
            return null;
        }
    }
}
