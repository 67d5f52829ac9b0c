using System.Reflection;

namespace TaskLeakAssert;

/// <summary>
/// The check an adapter's attribute runs through its framework's before/after hooks, when no test framework of
/// ours owns the test's lifetime (an xunit suite that names another framework). One decision for every level
/// the attribute sits on (the innermost level decides, an opt-out included, as with the framework line), and a
/// failure that says so when the class's teardown, which such hooks cannot see, may have been what stops the work.
/// </summary>
internal static class AttributeAloneCheck
{
    private static readonly AsyncLocal<Decision?> s_decision = new();

    /// <summary>
    /// Called by each level's before hook; the first call decides for all of them. Returns the line to write to the
    /// test's output when the test opted out, otherwise null.
    /// </summary>
    /// <param name="method">The test method.</param>
    /// <param name="testClass">The test's class (the reflected one, for inherited tests).</param>
    /// <param name="scopeName">The scope's name in the report.</param>
    /// <param name="options">The options an assert attribute asks for.</param>
    /// <param name="reason">The reason an opt-out attribute gives.</param>
    /// <param name="frameworkLine">The assembly line that gives the check the test's whole lifetime, for the failure's note.</param>
    public static string? Begin<TAssert, TAllow>(MethodInfo method, Type testClass, string scopeName, Func<TAssert, TaskLeakOptions> options, Func<TAllow, string> reason, string frameworkLine)
        where TAssert : Attribute
        where TAllow : Attribute
    {
        if (s_decision.Value is not null)
        {
            return null;
        }

        var settings = TestAttributeSettings.Resolve(method, testClass, options, reason);
        var scope = settings.Options is { } checkedWith ? TaskLeakScope.BeginCore(scopeName, checkedWith, caller: null, scheduler: null, isTestRun: true) : null;
        s_decision.Value = new Decision(scope, testClass, frameworkLine);
        return settings.AllowedBecause is { } allowed ? TestAttributeSettings.OptOutNote(allowed) : null;
    }

    /// <summary>
    /// Called by each level's after hook; the first call gives the verdict (blocking: the hooks are synchronous).
    /// Returns, for a passing check, the lines to write to the test's output (what it did not count or check), or null.
    /// </summary>
    /// <exception cref="TaskLeakException">The test left tasks behind.</exception>
    public static string? End()
    {
        var decision = s_decision.Value;
        s_decision.Value = null;
        if (decision?.Scope is not { } scope)
        {
            return null;
        }

        var report = scope.StopAsync().GetAwaiter().GetResult();
        if (!report.IsClean)
        {
            throw new TaskLeakException(TeardownNote(decision.TestClass, decision.FrameworkLine) is { } note ? report.WithNote(note) : report);
        }

        return (SetupNote(decision.TestClass, decision.FrameworkLine) is { } setup ? report.WithNote(setup) : report).NotesText;
    }

    // The hooks run after the class's setup: work its constructor or InitializeAsync started (a queue's worker, a
    // field's object that starts its loop) is not in the check.
    private static string? SetupNote(Type testClass, string frameworkLine)
    {
        string? setup = testClass.GetInterfaces().Any(i => i.Name == "IAsyncLifetime") ? "constructor and InitializeAsync"
            : TestClassSetup.ConstructorDoesWork(testClass) ? "constructor"
            : null;
        return setup is null
            ? null
            : $"not checked: work that {testClass.Name}'s {setup} started (the attribute alone checks the test method only). To check from the constructor to the end of the teardown, add {frameworkLine} to the test assembly.";
    }

    // The hooks run after the test method, before the class's teardown: work that Dispose stops is still running.
    private static string? TeardownNote(Type testClass, string frameworkLine)
    {
        var teardown = new List<string>();
        if (typeof(IDisposable).IsAssignableFrom(testClass))
        {
            teardown.Add("Dispose");
        }

        if (typeof(IAsyncDisposable).IsAssignableFrom(testClass) || testClass.GetInterfaces().Any(i => i.Name == "IAsyncLifetime"))
        {
            teardown.Add("DisposeAsync");
        }

        return teardown.Count == 0
            ? null
            : $"The check ran after the test method and before {testClass.Name}.{string.Join("/", teardown)}, which the attribute alone cannot wait for: work that the teardown stops was still running. To check from the constructor to the end of the teardown, add {frameworkLine} to the test assembly.";
    }

    private sealed record Decision(TaskLeakScope? Scope, Type TestClass, string FrameworkLine);
}
