using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert.Reporting;

/// <summary>Decides which stack frames are the user's code. Runtime, test-framework and TaskLeakAssert frames are plumbing.</summary>
internal static class FrameFilter
{
    private static readonly string[] s_plumbingAssemblyPrefixes =
    [
        "System.", "Microsoft.", "xunit.", "nunit.", "NUnit", "MSTest.", "MSTestAdapter.", "testhost", "FluentAssertions", "Castle.",
    ];

    private static readonly HashSet<string> s_plumbingAssemblies = new(StringComparer.Ordinal)
    {
        "System", "System.Private.CoreLib", "mscorlib", "netstandard", "xunit", "nunit.framework",
        "TaskLeakAssert", "TaskLeakAssert.Hosting", "TaskLeakAssert.Xunit", "TaskLeakAssert.XunitV3", "TaskLeakAssert.NUnit",
        "TaskLeakAssert.MSTest", "TaskLeakAssert.FluentAssertions", "TaskLeakAssert.AspNetCore",
    };

    /// <summary>
    /// A runtime frame that resumes or runs code on behalf of someone else: the box that resumes an async
    /// method, the invocation of a task's delegate, a timer firing, a thread-pool item. Frames below it are
    /// the resumer, not the logical callers of the code above it.
    /// </summary>
    public static bool IsContinuationBoundary(MethodBase? method)
    {
        var type = method?.DeclaringType;
        if (type is null || type.Assembly != typeof(object).Assembly)
        {
            return false;
        }

        return type.Name.StartsWith("AsyncStateMachineBox", StringComparison.Ordinal)
            || (type == typeof(Task) && method!.Name is "InnerInvoke" or "ExecuteWithThreadLocal")
            || type.Name is "TimerQueueTimer" or "QueueUserWorkItemCallback" or "QueueUserWorkItemCallbackDefaultContext`1";
    }

    // Every task creation in a scope classifies the frames of its stack; an assembly's name is read once (GetName
    // builds a new AssemblyName each call). Weak keys: a collectible assembly is not kept alive by this table.
    private static readonly ConditionalWeakTable<Assembly, StrongBox<AssemblyKind>> s_kinds = new();

    private enum AssemblyKind
    {
        User,
        RuntimeOrSelf,
        Plumbing,
        TestRunner,
    }

    // A test framework's runner (its assertions are apart: they run the test's own work, see AssertionCode).
    private static readonly string[] s_testRunnerAssemblyPrefixes =
    [
        "xunit.", "nunit.", "NUnit", "Microsoft.VisualStudio.TestPlatform", "Microsoft.TestPlatform", "MSTest", "Microsoft.Testing.",
    ];

    /// <summary>A frame of the user's code. The attribute is read last: it is the costly check, and only user frames need it.</summary>
    public static bool IsUserCode(MethodBase? method) =>
        method?.DeclaringType is { } type
        && IsUserType(type)
        && !method.IsDefined(typeof(StackTraceHiddenAttribute), inherit: false);

    /// <summary>The runtime itself or TaskLeakAssert: frames that are never anyone's creator.</summary>
    public static bool IsRuntimeOrSelf(Type type) => KindOf(type.Assembly) == AssemblyKind.RuntimeOrSelf;

    public static bool IsUserType(Type type) => KindOf(type.Assembly) == AssemblyKind.User;

    /// <summary>Whether code of the assembly of this name is the runtime's or TaskLeakAssert's own (every package that runs in a test process).</summary>
    public static bool IsRuntimeOrSelfAssembly(string assemblyName) => Classify(assemblyName) == AssemblyKind.RuntimeOrSelf;

    /// <summary>
    /// A frame only the runtime, TaskLeakAssert or a test framework's runner could have put there, never its assertions
    /// (which run the test's own code): a stack of such frames is the runner's own, the same for every test.
    /// </summary>
    public static bool IsRunnerOrBelow(Type type) => IsRuntimeOrSelf(type) || IsTestRunnerCode(type);

    /// <summary>Code of a test framework's runner: its assembly is a runner's, and the type is not one of its assertions.</summary>
    public static bool IsTestRunnerCode(Type type) => KindOf(type.Assembly) == AssemblyKind.TestRunner && !AssertionCode.IsAssertionType(type);

    private static AssemblyKind KindOf(Assembly assembly) =>
        s_kinds.GetValue(assembly, static a => new StrongBox<AssemblyKind>(Classify(a.GetName().Name))).Value;

    private static AssemblyKind Classify(string? assembly)
    {
        if (assembly is null || assembly == "System.Private.CoreLib"
            || (s_plumbingAssemblies.Contains(assembly) && assembly.StartsWith("TaskLeakAssert", StringComparison.Ordinal)))
        {
            return AssemblyKind.RuntimeOrSelf;
        }

        if (!AssertionCode.IsAssertionAssembly(assembly)
            && (assembly.Equals("xunit", StringComparison.OrdinalIgnoreCase) || s_testRunnerAssemblyPrefixes.Any(p => assembly.StartsWith(p, StringComparison.OrdinalIgnoreCase))))
        {
            return AssemblyKind.TestRunner;
        }

        if (s_plumbingAssemblies.Contains(assembly))
        {
            return AssemblyKind.Plumbing;
        }

        foreach (string prefix in s_plumbingAssemblyPrefixes)
        {
            if (assembly.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return AssemblyKind.Plumbing;
            }
        }

        return AssemblyKind.User;
    }
}
