using System.Reflection;
using TaskLeakAssert.Reporting;
using Xunit.v3;

namespace TaskLeakAssert.XunitV3.Sdk;

/// <summary>
/// Tells the core where xunit v3's runner calls a test method (<c>TestRunner&lt;TContext, TTest&gt;.InvokeTestMethod</c>):
/// a creation stack walked in a test body ends there (<see cref="ScopeBase"/>), not under the ~190 frames of the
/// runner below it. Looked up by name: a version of xunit without that method only walks whole stacks.
/// </summary>
internal static class RunnerInvocation
{
    private static readonly bool s_registered = Register();

    /// <summary>Registers the method once per process.</summary>
    public static void EnsureRegistered() => _ = s_registered;

    private static bool Register()
    {
        var method = typeof(TestRunner<,>).GetMethod("InvokeTestMethod", BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public);
        ScopeBase.RegisterRunnerInvocation(method);
        return method is not null;
    }
}
