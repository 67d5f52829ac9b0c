using Xunit.Sdk;
using Xunit.v3;

namespace TaskLeakAssert.XunitV3.Sdk;

/// <summary>
/// xunit's own executor, given test cases that run with the leak-checking runners. Wrapping the test cases,
/// rather than re-creating the assembly, collection, class and method runners, leaves parallelism, ordering
/// and fixtures entirely to xunit.
/// </summary>
internal sealed class LeakCheckingExecutor(ITestFrameworkExecutor inner) : ITestFrameworkExecutor, IAsyncDisposable
{
    public async ValueTask RunTestCases(IReadOnlyCollection<ITestCase> testCases, IMessageSink executionMessageSink, ITestFrameworkExecutionOptions executionOptions, CancellationToken? cancellationToken = null)
    {
        try
        {
            await inner.RunTestCases(testCases.Select(LeakCheckingTestCase.Wrap).ToArray(), new FixtureVerdictSink(executionMessageSink), executionOptions, cancellationToken);
        }
        finally
        {
            await FixtureScopesOfRun.EndAllAsync();
        }
    }

    public ValueTask DisposeAsync() => inner is IAsyncDisposable disposable ? disposable.DisposeAsync() : ValueTask.CompletedTask;
}
