using Xunit.Abstractions;
using Xunit.Sdk;

namespace TaskLeakAssert.Xunit.Sdk;

/// <summary>
/// xunit's class runner, running methods with <see cref="LeakCheckingMethodRunner"/>. The class's fixtures
/// (<c>IClassFixture&lt;T&gt;</c>) live in a <see cref="FixtureScope"/> when any of the class's tests is checked.
/// </summary>
internal sealed class LeakCheckingClassRunner(
    ITestClass testClass,
    IReflectionTypeInfo @class,
    IEnumerable<IXunitTestCase> testCases,
    IMessageSink diagnosticMessageSink,
    IMessageBus messageBus,
    ITestCaseOrderer testCaseOrderer,
    ExceptionAggregator aggregator,
    CancellationTokenSource cancellationTokenSource,
    IDictionary<Type, object> collectionFixtureMappings)
    : XunitTestClassRunner(testClass, @class, testCases, diagnosticMessageSink, messageBus, testCaseOrderer, aggregator, cancellationTokenSource, collectionFixtureMappings)
{
    private FixtureScope? _fixtures;

    protected override async Task AfterTestClassStartingAsync()
    {
        var fixtureTypes = Class.Type.GetInterfaces()
            .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(global::Xunit.IClassFixture<>))
            .Select(i => i.GetGenericArguments()[0])
            .ToArray();
        _fixtures = FixtureScope.For($"class fixture {FixtureScope.Describe(fixtureTypes)} of {Reporting.FriendlyName.OwnerName(Class.Type)}", fixtureTypes, TestCases);
        if (_fixtures is null)
        {
            await base.AfterTestClassStartingAsync();
            return;
        }

        await _fixtures.CreateAsync(base.AfterTestClassStartingAsync, () => ClassFixtureMappings.Values);
    }

    protected override async Task BeforeTestClassFinishedAsync()
    {
        if (_fixtures is null)
        {
            await base.BeforeTestClassFinishedAsync();
            return;
        }

        await _fixtures.DisposeAsync(base.BeforeTestClassFinishedAsync, Aggregator, () => ClassFixtureMappings.Values);
    }

    protected override Task<RunSummary> RunTestMethodAsync(ITestMethod testMethod, IReflectionMethodInfo method, IEnumerable<IXunitTestCase> testCases, object[] constructorArguments) =>
        new LeakCheckingMethodRunner(testMethod, Class, method, testCases, DiagnosticMessageSink, MessageBus, new ExceptionAggregator(Aggregator), CancellationTokenSource, constructorArguments).RunAsync();
}
