using TaskLeakAssert.Tracking;
using System.Globalization;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace TaskLeakAssert.MSTest.Execution;

/// <summary>
/// Runs a test through the test method attribute it was declared with, inside a leak-tracking scope: MSTest
/// creates the test instance, runs <c>[TestInitialize]</c>, the test, <c>[TestCleanup]</c> and disposes the
/// instance within <see cref="ITestMethod.InvokeAsync"/>, so all of it is inside, and the verdict comes after.
/// A leak fails the test's result with the report as its failure message.
/// </summary>
/// <remarks>
/// The verdict is awaited here, in MSTest's flow, which the scope never tracked: nothing that asks for the
/// verdict, or that runs the test, can be taken for a leak.
/// </remarks>
internal sealed class LeakCheckingTestMethodAttribute : TestMethodAttribute
{
    private readonly TestMethodAttribute _declared;

    // MSTEST0057 asks for [CallerFilePath]/[CallerLineNumber] parameters: this attribute is never written in
    // source, it takes the declaring file and line from the attribute it wraps.
#pragma warning disable MSTEST0057
    public LeakCheckingTestMethodAttribute(TestMethodAttribute declared)
        : base(declared.DeclaringFilePath ?? string.Empty, declared.DeclaringLineNumber ?? -1)
    {
        _declared = declared;
        DisplayName = declared.DisplayName;
        UnfoldingStrategy = declared.UnfoldingStrategy;
    }
#pragma warning restore MSTEST0057

    public override async Task<TestResult[]> ExecuteAsync(ITestMethod testMethod)
    {
        ArgumentNullException.ThrowIfNull(testMethod);
        var testClass = testMethod.MethodInfo.ReflectedType ?? testMethod.MethodInfo.DeclaringType!;
        TestAttributeSettings settings;
        try
        {
            settings = TestAttributeSettings.Resolve<AssertNoLeakedTasksAttribute, AllowLeakedTasksAttribute>(
                testMethod.MethodInfo, testClass, a => a.CreateOptions(), a => a.Reason);
        }
        catch (ArgumentException misuse)
        {
            // A misconfigured attribute fails the test with the message that says how to write it.
            return [new TestResult { Outcome = UnitTestOutcome.Failed, TestFailureException = misuse }];
        }

        if (settings.AllowedBecause is { } reason)
        {
            var allowed = await _declared.ExecuteAsync(testMethod);
            TestResults.AppendOutput(allowed, TestAttributeSettings.OptOutNote(reason));
            return allowed;
        }

        if (settings.Options is null)
        {
            return await _declared.ExecuteAsync(testMethod);
        }

        var scope = TaskLeakScope.BeginDetached(ScopeName(testClass, testMethod), settings.Options, isTestRun: true);
        var results = await scope.RunInScopeAsync(() => _declared.ExecuteAsync(testMethod));
        // MSTest's next test starts on the pool, as it would without the check.
        var back = VerdictResumption.Here();
        var report = await scope.StopAsync();
        await back;
        if (!report.IsClean)
        {
            TestResults.Fail(results, new TaskLeakException(report));
        }
        else if (report.NotesText is { } notes)
        {
            // Never silent: what a passing check did not count, or waited for, is in the test's output.
            TestResults.AppendOutput(results, notes);
        }

        return results;
    }

    /// <summary><c>Class.Method</c>, with a data row's arguments: <c>Class.Method(1, "a")</c>.</summary>
    private static string ScopeName(Type testClass, ITestMethod testMethod)
    {
        string name = TestAttributeSettings.ScopeName(testClass, testMethod.TestMethodName, testMethod.TestMethodName);
        return testMethod.Arguments is { Length: > 0 } arguments
            ? $"{name}({string.Join(", ", arguments.Select(Format))})"
            : name;
    }

    private static string Format(object? argument) => argument switch
    {
        null => "null",
        string text => $"\"{text}\"",
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => argument.ToString() ?? string.Empty,
    };
}
