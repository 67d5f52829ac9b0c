using Xunit.Sdk;
using Xunit.v3;

namespace TaskLeakAssert.XunitV3.Sdk;

/// <summary>
/// One of xunit 4's test cases, unchanged in everything xunit reads from it, that runs itself with
/// <see cref="LeakCheckingTestCaseRunner"/>. The xunit 3 twin is <c>Sdk/LeakCheckingTestCase</c>: 4.x added
/// members and the arguments a self-running test case receives.
/// </summary>
internal sealed class LeakCheckingTestCase(IXunitTestCase inner) : ISelfExecutingXunitTestCase
{
    public static ITestCase Wrap(ITestCase testCase) =>
        testCase is IXunitTestCase xunitTestCase and not ISelfExecutingXunitTestCase ? new LeakCheckingTestCase(xunitTestCase) : testCase;

    public async ValueTask<RunSummary> Run(ExplicitOption explicitOption, IMessageBus messageBus, object?[] constructorArguments, ExceptionAggregator aggregator, CancellationTokenSource cancellationTokenSource, ParallelMode parallelMode, ExecutionScheduler scheduler, FixtureMappingManager methodFixtureMappings)
    {
        // As xunit's own XunitRunnerHelper.RunXunitTestCase does, with the leak-checking case runner.
        IReadOnlyCollection<IXunitTest> tests;
        try
        {
            tests = await inner.CreateTests();
        }
        catch (Exception creation)
        {
            return XunitRunnerHelper.FailTestCases(messageBus, cancellationTokenSource, [inner], creation, sendTestCaseMessages: true);
        }

        return await LeakCheckingTestCaseRunner.Instance.Run(inner, tests, messageBus, aggregator, cancellationTokenSource, parallelMode, scheduler, inner.TestCaseDisplayName, inner.SkipReason, explicitOption, constructorArguments, methodFixtureMappings);
    }

    public ValueTask<IReadOnlyCollection<IXunitTest>> CreateTests() => inner.CreateTests();

    public void PostInvoke() => inner.PostInvoke();

    public void PreInvoke() => inner.PreInvoke();

    public bool DisableParallelization => inner.DisableParallelization;

    public Type[]? SkipExceptions => inner.SkipExceptions;

    public string? SkipReason => inner.SkipReason;

    public Type? SkipType => inner.SkipType;

    public string? SkipUnless => inner.SkipUnless;

    public string? SkipWhen => inner.SkipWhen;

    public IXunitTestClass TestClass => inner.TestClass;

    public int? TestClassMetadataToken => inner.TestClassMetadataToken;

    public string TestClassName => inner.TestClassName;

    public string TestClassSimpleName => inner.TestClassSimpleName;

    public IXunitTestCollection TestCollection => inner.TestCollection;

    public IXunitTestMethod TestMethod => inner.TestMethod;

    public int TestMethodMetadataToken => inner.TestMethodMetadataToken;

    public string TestMethodName => inner.TestMethodName;

    public string[] TestMethodParameterTypesVSTest => inner.TestMethodParameterTypesVSTest;

    public string TestMethodReturnTypeVSTest => inner.TestMethodReturnTypeVSTest;

    public int Timeout => inner.Timeout;

    public bool Explicit => inner.Explicit;

    public string? SourceFilePath => inner.SourceFilePath;

    public int? SourceLineNumber => inner.SourceLineNumber;

    public string TestCaseDisplayName => inner.TestCaseDisplayName;

    public string? TestClassNamespace => inner.TestClassNamespace;

    public int TestMethodArity => ((ICoreTestCase)inner).TestMethodArity;

    public IReadOnlyDictionary<string, IReadOnlyCollection<string>> Traits => inner.Traits;

    public string UniqueID => inner.UniqueID;

    ICoreTestClass ICoreTestCase.TestClass => ((ICoreTestCase)inner).TestClass;

    ICoreTestCollection ICoreTestCase.TestCollection => ((ICoreTestCase)inner).TestCollection;

    ICoreTestMethod ICoreTestCase.TestMethod => ((ICoreTestCase)inner).TestMethod;

    ITestClass? ITestCase.TestClass => ((ITestCase)inner).TestClass;

    ITestCollection ITestCase.TestCollection => ((ITestCase)inner).TestCollection;

    ITestMethod? ITestCase.TestMethod => ((ITestCase)inner).TestMethod;

    int? ITestCaseMetadata.TestClassMetadataToken => ((ITestCaseMetadata)inner).TestClassMetadataToken;

    string? ITestCaseMetadata.TestClassName => ((ITestCaseMetadata)inner).TestClassName;

    string? ITestCaseMetadata.TestClassSimpleName => ((ITestCaseMetadata)inner).TestClassSimpleName;

    int? ITestCaseMetadata.TestMethodArity => ((ITestCaseMetadata)inner).TestMethodArity;

    int? ITestCaseMetadata.TestMethodMetadataToken => ((ITestCaseMetadata)inner).TestMethodMetadataToken;

    string? ITestCaseMetadata.TestMethodName => ((ITestCaseMetadata)inner).TestMethodName;

    string[]? ITestCaseMetadata.TestMethodParameterTypesVSTest => ((ITestCaseMetadata)inner).TestMethodParameterTypesVSTest;

    string? ITestCaseMetadata.TestMethodReturnTypeVSTest => ((ITestCaseMetadata)inner).TestMethodReturnTypeVSTest;
}
