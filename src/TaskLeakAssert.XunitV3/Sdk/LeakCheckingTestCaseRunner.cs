using Xunit.v3;

namespace TaskLeakAssert.XunitV3.Sdk;

/// <summary>xunit's test case runner, running each test with <see cref="LeakCheckingTestRunner"/>.</summary>
internal sealed class LeakCheckingTestCaseRunner : XunitTestCaseRunner
{
    private LeakCheckingTestCaseRunner()
    {
    }

    public static new LeakCheckingTestCaseRunner Instance { get; } = new();

    protected override ValueTask<RunSummary> RunTest(XunitTestCaseRunnerContext ctxt, IXunitTest test)
    {
        ArgumentNullException.ThrowIfNull(ctxt);

        var attributes = ctxt.BeforeAfterTestAttributes.Where(LeakCheckingTestRunner.RunsAroundTheTest).ToArray();
        return LeakCheckingTestRunner.Instance.Run(test, ctxt.MessageBus, ctxt.ConstructorArguments, ctxt.ExplicitOption, ctxt.Aggregator.Clone(), ctxt.CancellationTokenSource, attributes);
    }
}
