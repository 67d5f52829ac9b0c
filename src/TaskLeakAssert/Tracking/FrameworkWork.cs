using System.Reflection;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Tracking;

/// <summary>One kind of framework work that is not counted: the method its task runs, and why it is no test's leak.</summary>
/// <param name="TypeName">The full name of the declaring type, without generic arity.</param>
/// <param name="MethodName">The method the task runs (an async method, or a delegate's method or enclosing method).</param>
/// <param name="Reason">What the report's "not counted" line says.</param>
/// <param name="Upstream">The upstream issue, where one exists.</param>
internal sealed record FrameworkWorkEntry(string TypeName, string MethodName, string Reason, string? Upstream = null);

/// <summary>
/// The catalogue of framework work: background work a library keeps for the life of an object it never disposes,
/// or starts once per process, which is no test's leak. Recognised by the code the task runs (its async method's
/// state machine, or its delegate), from the task object itself: never by a name or a stack shape alone, so a
/// user's method of the same name is still counted. docs/framework-work.md lists the entries and why.
/// </summary>
internal static class FrameworkWork
{
    /// <summary>The built-in entries: framework work users meet in ASP.NET Core, Microsoft.Extensions.* and OpenTelemetry apps.</summary>
    public static readonly IReadOnlyList<FrameworkWorkEntry> BuiltIn =
    [
        new(
            "System.Threading.RateLimiting.DefaultPartitionedRateLimiter",
            "RunTimer",
            "ASP.NET Core rate limiter timer (lives as long as the app's limiter, which the rate-limiting middleware never disposes)",
            "https://github.com/dotnet/aspnetcore/issues/66434"),
        new(
            "OpenTelemetry.Internal.SelfDiagnosticsConfigRefresher",
            "Worker",
            OpenTelemetrySelfDiagnostics),

        // Its constructor starts the worker with Task.Run: the delegate and the task Task.Run returns for it.
        new(
            "OpenTelemetry.Internal.SelfDiagnosticsConfigRefresher",
            ".ctor",
            OpenTelemetrySelfDiagnostics),
    ];

    private const string OpenTelemetrySelfDiagnostics = "OpenTelemetry self-diagnostics refresher (started once per process, by the first provider built)";

    private static IReadOnlyList<FrameworkWorkEntry>? s_entries;

    /// <summary>The entries in force: the built-in ones unless the test assembly turned them off, and the user's.</summary>
    public static IReadOnlyList<FrameworkWorkEntry> Entries => s_entries ??= Load(AppDomain.CurrentDomain.GetAssemblies());

    /// <summary>The entry whose code <paramref name="task"/> runs, if any.</summary>
    public static FrameworkWorkEntry? Match(Task task) => Match(TaskCode.Of(task));

    /// <summary>The entry whose code created a task, from the first frame of its creation site that is not the runtime's.</summary>
    public static FrameworkWorkEntry? MatchCreator(MethodBase? creator) =>
        creator?.DeclaringType is { } type ? Match(TaskCode.Of(type, creator.Name)) : null;

    private static FrameworkWorkEntry? Match(TaskCode? code)
    {
        var entries = Entries;
        if (entries.Count == 0 || code is null)
        {
            return null;
        }

        foreach (var entry in entries)
        {
            if (code.Value.Is(entry.TypeName, entry.MethodName))
            {
                return entry;
            }
        }

        return null;
    }

    /// <summary>Reads the catalogue's settings and the user's entries from the attributes of <paramref name="assemblies"/>.</summary>
    internal static IReadOnlyList<FrameworkWorkEntry> Load(IEnumerable<Assembly> assemblies)
    {
        var entries = new List<FrameworkWorkEntry>();
        bool builtIn = true;
        foreach (var assembly in assemblies)
        {
            if (assembly.IsDynamic)
            {
                continue;
            }

            try
            {
                builtIn &= assembly.GetCustomAttribute<FrameworkWorkCatalogAttribute>()?.UseBuiltInEntries ?? true;
                entries.AddRange(assembly.GetCustomAttributes<FrameworkWorkAttribute>().Select(a => new FrameworkWorkEntry(a.TypeName, a.MethodName, a.Reason)));
            }
            catch (Exception e) when (e is TypeLoadException or FileNotFoundException or FileLoadException or BadImageFormatException or CustomAttributeFormatException)
            {
                // An assembly whose attributes cannot be read has none of ours that we could use.
            }
        }

        return builtIn ? [.. BuiltIn, .. entries] : entries;
    }
}

/// <summary>The code a task runs: the declaring type and method of its async method, or of its delegate.</summary>
internal readonly record struct TaskCode(Type Type, string RawMethod, string Method)
{
    public static TaskCode? Of(Task task)
    {
        if (RuntimeTaskInternals.GetStateMachine(task) is { } stateMachine)
        {
            var type = stateMachine.GetType();
            return type.DeclaringType is { } owner ? Of(owner, FriendlyName.StateMachineMember(type.Name)) : null;
        }

        if (RuntimeTaskInternals.GetDelegate(task) is { Method: { DeclaringType: { } declaring } method })
        {
            return Of(declaring, method.Name);
        }

        return null;
    }

    /// <summary>Whether this is <paramref name="methodName"/> of <paramref name="typeName"/> (or a lambda in it).</summary>
    public bool Is(string typeName, string methodName) =>
        (RawMethod == methodName || Method == methodName) && FullName(Type) == typeName;

    /// <summary>
    /// The code of a method by its declaring type and raw name. A lambda, an async lambda or an async method's
    /// MoveNext lives in a compiler-generated class nested in the type whose method encloses it.
    /// </summary>
    public static TaskCode Of(Type declaring, string rawMember)
    {
        if (rawMember == "MoveNext" && declaring.Name.StartsWith('<') && declaring.DeclaringType is not null)
        {
            // An async method's or iterator's body: the method is named by its state machine.
            rawMember = FriendlyName.StateMachineMember(declaring.Name);
        }

        var type = FriendlyName.UserType(declaring) ?? declaring;
        return new TaskCode(type, rawMember, FriendlyName.FromMember(null, rawMember).Member);
    }

    private static string FullName(Type type)
    {
        var definition = type.IsGenericType ? type.GetGenericTypeDefinition() : type;
        string name = definition.FullName ?? definition.Name;
        int arity = name.IndexOf('`', StringComparison.Ordinal);
        return arity < 0 ? name : name[..arity];
    }
}
