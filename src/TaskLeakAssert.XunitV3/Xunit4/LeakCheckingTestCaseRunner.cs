using Xunit.v3;

namespace TaskLeakAssert.XunitV3.Sdk;

/// <summary>
/// xunit 4's test case runner, running each test with <see cref="LeakCheckingTestRunner"/> and passing on what
/// 4.x adds (parallelism within a test case, the case's fixtures). The xunit 3 twin is <c>Sdk/LeakCheckingTestCaseRunner</c>.
/// </summary>
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
        return LeakCheckingTestRunner.Instance.Run(test, ctxt.MessageBus, ctxt.ConstructorArguments, ctxt.ExplicitOption, ctxt.Aggregator.Clone(), ctxt.CancellationTokenSource, ctxt.ParallelMode, ctxt.Scheduler, attributes, ctxt.CaseFixtureMappings);
    }
}
