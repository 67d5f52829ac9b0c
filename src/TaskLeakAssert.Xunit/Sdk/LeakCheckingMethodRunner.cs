using Xunit.Abstractions;
using Xunit.Sdk;

namespace TaskLeakAssert.Xunit.Sdk;

/// <summary>
/// xunit's method runner. xunit's own facts and theories run with the leak-checking case runners; any
/// other test case type (a custom discoverer's) runs itself, as it would without this framework, and the
/// attribute's own hooks check it.
/// </summary>
internal sealed class LeakCheckingMethodRunner(
    ITestMethod testMethod,
    IReflectionTypeInfo @class,
    IReflectionMethodInfo method,
    IEnumerable<IXunitTestCase> testCases,
    IMessageSink diagnosticMessageSink,
    IMessageBus messageBus,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource,
    object[] constructorArguments)
    : XunitTestMethodRunner(testMethod, @class, method, testCases, diagnosticMessageSink, messageBus, aggregator, cancellationTokenSource, constructorArguments)
{
    // The base keeps these private; the case runners need them.
    private readonly IMessageSink _diagnosticMessageSink = diagnosticMessageSink;
    private readonly object[] _constructorArguments = constructorArguments;

    protected override Task<RunSummary> RunTestCaseAsync(IXunitTestCase testCase)
    {
        if (testCase.GetType() == typeof(XunitTestCase))
        {
            return new LeakCheckingTestCaseRunner(testCase, testCase.DisplayName, testCase.SkipReason, _constructorArguments, testCase.TestMethodArguments, MessageBus, new ExceptionAggregator(Aggregator), CancellationTokenSource).RunAsync();
        }

        if (testCase.GetType() == typeof(XunitTheoryTestCase))
        {
            return new LeakCheckingTheoryTestCaseRunner(testCase, testCase.DisplayName, testCase.SkipReason, _constructorArguments, _diagnosticMessageSink, MessageBus, new ExceptionAggregator(Aggregator), CancellationTokenSource).RunAsync();
        }

        return base.RunTestCaseAsync(testCase);
    }
}
