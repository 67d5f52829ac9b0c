namespace TaskLeakAssert;

/// <summary>
/// Adds an entry to the catalogue of framework work: background work a library keeps for as long as an object or
/// the process lives, which is no test's leak. A task that runs the named method (an async method, or the delegate
/// of a <c>Task.Run</c>), and the work it starts and awaits, is not counted; the report says so in one line. Put it
/// on the test assembly: <c>[assembly: FrameworkWork("Vendor.Messaging.ConnectionKeeper", "KeepAliveAsync", "the
/// client's keep-alive loop, for the process's life")]</c>.
/// </summary>
/// <remarks>
/// Name a library's code, never your own: work your code starts and never stops is what the check is for. The
/// built-in entries are listed in docs/framework-work.md; <see cref="FrameworkWorkCatalogAttribute"/> turns them off.
/// </remarks>
[AttributeUsage(AttributeTargets.Assembly, AllowMultiple = true)]
public sealed class FrameworkWorkAttribute : Attribute
{
    /// <param name="typeName">The full name of the type that declares the method: <c>Vendor.Messaging.ConnectionKeeper</c>
    /// (a generic type without its arity: <c>Vendor.Cache`1</c> is written <c>Vendor.Cache</c>).</param>
    /// <param name="methodName">The method the task runs: <c>KeepAliveAsync</c>.</param>
    /// <param name="reason">Why it is not a leak, as the report's "not counted" line shows it: <c>the client's keep-alive loop, for the process's life</c>.</param>
    public FrameworkWorkAttribute(string typeName, string methodName, string reason)
    {
        TypeName = Require(typeName, nameof(typeName), "the full name of the type that declares the method, for example \"Vendor.Messaging.ConnectionKeeper\"");
        MethodName = Require(methodName, nameof(methodName), "the name of the method the task runs, for example \"KeepAliveAsync\"");
        Reason = Require(reason, nameof(reason), "why the work is not a leak, for example \"the client's keep-alive loop, for the process's life\"");
    }

    /// <summary>The full name of the type that declares the method.</summary>
    public string TypeName { get; }

    /// <summary>The method the task runs.</summary>
    public string MethodName { get; }

    /// <summary>Why it is not a leak.</summary>
    public string Reason { get; }

    private static string Require(string value, string name, string what) =>
        string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"[FrameworkWork] needs {what}.", name) : value;
}

/// <summary>
/// Settings of the catalogue of framework work for the whole test assembly:
/// <c>[assembly: FrameworkWorkCatalog(UseBuiltInEntries = false)]</c> counts the work of the built-in entries as
/// leaks again (entries added with <see cref="FrameworkWorkAttribute"/> still apply).
/// </summary>
[AttributeUsage(AttributeTargets.Assembly)]
public sealed class FrameworkWorkCatalogAttribute : Attribute
{
    /// <summary>Whether the built-in entries apply. Default <see langword="true"/>.</summary>
    public bool UseBuiltInEntries { get; set; } = true;
}
