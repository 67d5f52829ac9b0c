using System.Reflection;
using TaskLeakAssert.Tracking;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TaskLeakAssert.Xunit.Sdk;

/// <summary>
/// xunit's test runner with the test's lifetime in a leak-tracking scope: constructor,
/// <c>IAsyncLifetime.InitializeAsync</c>, before/after attributes, the test, <c>DisposeAsync</c> and
/// <c>Dispose</c> run inside it, and the verdict comes after all of them. A leak fails the test through
/// xunit's own exception aggregator, so the report is the test's failure message.
/// </summary>
/// <remarks>
/// The verdict is awaited here, in the runner's flow, which the scope never tracked: nothing that asks for
/// the verdict, or that runs the runner, can be taken for a leak. The awaits keep xunit's context (no
/// ConfigureAwait(false)): this is xunit's pipeline, and its context is how it limits concurrency.
/// </remarks>
internal sealed class LeakCheckingTestRunner(
    ITest test,
    IMessageBus messageBus,
    Type testClass,
    object[] constructorArguments,
    MethodInfo testMethod,
    object[] testMethodArguments,
    string skipReason,
    IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource)
    : XunitTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource)
{
    private string? _allowedBecause;
    private string? _cleanNotes;

    protected override async Task<Tuple<decimal, string>> InvokeTestAsync(ExceptionAggregator aggregator)
    {
        var result = await base.InvokeTestAsync(aggregator);
        string? note = _allowedBecause is not null ? TestAttributeSettings.OptOutNote(_allowedBecause) : _cleanNotes;
        if (note is null)
        {
            return result;
        }

        return Tuple.Create(result.Item1, result.Item2.Length == 0 ? note : $"{result.Item2.TrimEnd()}{Environment.NewLine}{note}");
    }

    protected override async Task<decimal> InvokeTestMethodAsync(ExceptionAggregator aggregator)
    {
        TestAttributeSettings settings;
        try
        {
            settings = TestAttributeSettings.Resolve<AssertNoLeakedTasksAttribute, AllowLeakedTasksAttribute>(
                TestMethod, TestClass, a => a.CreateOptions(), a => a.Reason);
        }
        catch (ArgumentException misuse)
        {
            // A misconfigured attribute fails the test with a message that says how to write it.
            aggregator.Add(misuse);
            return await base.InvokeTestMethodAsync(aggregator);
        }

        _allowedBecause = settings.AllowedBecause;
        if (settings.Options is null)
        {
            return await base.InvokeTestMethodAsync(aggregator);
        }

        var scope = TaskLeakScope.BeginDetached(TestAttributeSettings.ScopeName(TestClass, TestMethod.Name, DisplayName), settings.Options, isTestRun: true);
        scope.UseFixtures(FixtureScopes.Among(ConstructorArguments));
        bool startedOnThePool = VerdictResumption.PipelineOnThePool;
        decimal time = await scope.RunInScopeAsync(() => base.InvokeTestMethodAsync(aggregator));
        // The pipeline goes on where it would without the check: the next test starts off the pool too.
        var back = VerdictResumption.AfterTestThatStarted(startedOnThePool);
        var report = await scope.StopAsync();
        await back;
        if (!report.IsClean)
        {
            aggregator.Add(new TaskLeakException(report));
        }
        else
        {
            // Never silent: what a passing check did not count, or waited for, is in the test's output.
            _cleanNotes = report.NotesText;
        }

        return time;
    }
}
