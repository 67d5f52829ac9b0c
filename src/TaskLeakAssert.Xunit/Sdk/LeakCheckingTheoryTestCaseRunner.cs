using System.Reflection;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace TaskLeakAssert.Xunit.Sdk;

/// <summary>xunit's runner for a theory enumerated at run time, running each row with <see cref="LeakCheckingTestRunner"/>.</summary>
internal sealed class LeakCheckingTheoryTestCaseRunner(
    IXunitTestCase testCase,
    string displayName,
    string skipReason,
    object[] constructorArguments,
    IMessageSink diagnosticMessageSink,
    IMessageBus messageBus,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource)
    : XunitTheoryTestCaseRunner(testCase, displayName, skipReason, constructorArguments, diagnosticMessageSink, messageBus, aggregator, cancellationTokenSource)
{
    protected override List<BeforeAfterTestAttribute> GetBeforeAfterTestAttributes() =>
        OwnHooks.Without(base.GetBeforeAfterTestAttributes());

    protected override XunitTestRunner CreateTestRunner(ITest test, IMessageBus messageBus, Type testClass, object[] constructorArguments, MethodInfo testMethod, object[] testMethodArguments, string skipReason, IReadOnlyList<BeforeAfterTestAttribute> beforeAfterAttributes, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource) =>
        new LeakCheckingTestRunner(test, messageBus, testClass, constructorArguments, testMethod, testMethodArguments, skipReason, beforeAfterAttributes, aggregator, cancellationTokenSource);
}
