using Xunit.Abstractions;
using Xunit.Sdk;

namespace TaskLeakAssert.Xunit.Sdk;

/// <summary>
/// xunit's collection runner, running classes with <see cref="LeakCheckingClassRunner"/>. The collection's
/// fixtures (<c>ICollectionFixture&lt;T&gt;</c>) live in a <see cref="FixtureScope"/> when any test of the
/// collection is checked.
/// </summary>
internal sealed class LeakCheckingCollectionRunner(
    ITestCollection testCollection,
    IEnumerable<IXunitTestCase> testCases,
    IMessageSink diagnosticMessageSink,
    IMessageBus messageBus,
    ITestCaseOrderer testCaseOrderer,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource)
    : XunitTestCollectionRunner(testCollection, testCases, diagnosticMessageSink, messageBus, testCaseOrderer, aggregator, cancellationTokenSource)
{
    private readonly IMessageSink _diagnosticMessageSink = diagnosticMessageSink;
    private FixtureScope? _fixtures;

    protected override async Task AfterTestCollectionStartingAsync()
    {
        var definition = TestCollection.CollectionDefinition?.ToRuntimeType();
        var fixtureTypes = (definition?.GetInterfaces() ?? [])
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(global::Xunit.ICollectionFixture<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToArray();
        _fixtures = FixtureScope.For($"collection fixture {FixtureScope.Describe(fixtureTypes)} of the \"{TestCollection.DisplayName}\" collection", fixtureTypes, TestCases);
        if (_fixtures is null)
        {
            await base.AfterTestCollectionStartingAsync();
            return;
        }

        await _fixtures.CreateAsync(base.AfterTestCollectionStartingAsync, () => CollectionFixtureMappings.Values);
    }

    protected override async Task BeforeTestCollectionFinishedAsync()
    {
        if (_fixtures is null)
        {
            await base.BeforeTestCollectionFinishedAsync();
            return;
        }

        await _fixtures.DisposeAsync(base.BeforeTestCollectionFinishedAsync, Aggregator, () => CollectionFixtureMappings.Values);
    }

    protected override Task<RunSummary> RunTestClassAsync(ITestClass testClass, IReflectionTypeInfo @class, IEnumerable<IXunitTestCase> testCases) =>
        new LeakCheckingClassRunner(testClass, @class, testCases, _diagnosticMessageSink, MessageBus, TestCaseOrderer, new ExceptionAggregator(Aggregator), CancellationTokenSource, CollectionFixtureMappings).RunAsync();
}
