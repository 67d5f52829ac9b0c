using System.Reflection;
using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// The frame where an adapter runs a test's whole lifetime in its scope (<see cref="TaskLeakScope.RunInScopeAsync{T}"/>),
/// or where a test framework's runner calls a test method (<see cref="RegisterRunnerInvocation"/>): below either, a
/// stack holds only the test framework's machinery that runs tests. A creation stack is walked down to
/// it when it is near the top, not to the stack's end (<see cref="CreationSite.Walk"/>): xunit v3 starts a test body
/// under about 190 frames of its own, and walking them cost more than anything else a test's first tasks cost
/// (figure 9 of docs/performance.md).
/// </summary>
/// <remarks>
/// Nothing below that frame decides anything for a site: the user's frames a report shows, and the place two sites are
/// compared on, end at the first frame that resumed code (the runtime's box of an async method), and the runner's
/// frames are no user's. A stack cut there is whole as far as the scope is concerned.
/// </remarks>
internal static class ScopeBase
{
    private static readonly Type s_stateMachine = typeof(TaskLeakScope)
        .GetMethod(nameof(TaskLeakScope.RunInScopeAsync), BindingFlags.Instance | BindingFlags.NonPublic)!
        .GetCustomAttribute<AsyncStateMachineAttribute>()!.StateMachineType;

    private static readonly Lock s_registering = new();
    private static int s_running;
    private static MethodBase[] s_runnerInvocations = [];

    /// <summary>
    /// Whether a scope's base may be on some stack now: an adapter runs a test in a scope, or registered where its
    /// framework calls a test method. Where neither happened (a scope a user opens, NUnit's hooks), a walk does not
    /// look for one first.
    /// </summary>
    public static bool MayBeOnStack => Volatile.Read(ref s_running) > 0 || Volatile.Read(ref s_runnerInvocations).Length > 0;

    /// <summary>
    /// Registers the method through which a test framework's runner calls a test method: below it, too, a stack holds
    /// only the runner. An adapter registers it when it finds it (feature-detected: a framework version without it
    /// only walks whole stacks).
    /// </summary>
    public static void RegisterRunnerInvocation(MethodBase? method)
    {
        // A collectible framework's method is not kept: the assembly would stay loaded.
        if (method is null || method.Module.Assembly.IsCollectible)
        {
            return;
        }

        // No LINQ here: a generic instantiation of it is more code for the JIT in every test process.
        lock (s_registering)
        {
            if (!IsRunnerInvocation(method))
            {
                var registered = new MethodBase[s_runnerInvocations.Length + 1];
                s_runnerInvocations.CopyTo(registered, 0);
                registered[^1] = method;
                Volatile.Write(ref s_runnerInvocations, registered);
            }
        }
    }

    /// <summary>Counts a test run in a scope, from its start to its end.</summary>
    public static void Entered() => Interlocked.Increment(ref s_running);

    /// <summary>A test run in a scope has ended.</summary>
    public static void Left() => Interlocked.Decrement(ref s_running);

    /// <summary>
    /// Whether <paramref name="method"/> is a base: the MoveNext of <see cref="TaskLeakScope.RunInScopeAsync{T}"/> (any
    /// instantiation), or a registered runner's call of a test method.
    /// </summary>
    public static bool IsBase(MethodBase method) =>
        (method.Name == nameof(IAsyncStateMachine.MoveNext)
            && method.DeclaringType is { } type
            && (type.IsGenericType ? type.GetGenericTypeDefinition() : type) == s_stateMachine)
        || IsRunnerInvocation(method);

    private static bool IsRunnerInvocation(MethodBase method)
    {
        // By token and module: a frame of generic code is one instantiation of the registered method.
        foreach (var registered in Volatile.Read(ref s_runnerInvocations))
        {
            if (method.MetadataToken == registered.MetadataToken && method.Module == registered.Module)
            {
                return true;
            }
        }

        return false;
    }
}
