using System.Reflection;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TaskLeakAssert.AspNetCore;

/// <summary>
/// What WebApplicationFactory knows but does not make public: whether it was disposed (its Services then
/// start a new server instead of failing) and whether its server is running. Read from its private fields,
/// in this one place, feature-detected: when a field is missing, the answer is "unknown" and the callers
/// fall back to what they can observe.
/// </summary>
internal static class FactoryInternals<TEntryPoint>
    where TEntryPoint : class
{
    private static readonly FieldInfo?[] s_disposedFlags = [Field("_disposed"), Field("_disposedAsync")];
    private static readonly FieldInfo?[] s_servers = [Field("_host"), Field("_server"), Field("_webHost")];

    /// <summary>True when disposed; null when this version's fields are unknown.</summary>
    public static bool? IsDisposed(WebApplicationFactory<TEntryPoint> factory) =>
        s_disposedFlags.All(f => f?.FieldType != typeof(bool)) ? null : s_disposedFlags.Any(f => f?.FieldType == typeof(bool) && (bool)f.GetValue(factory)!);

    /// <summary>True when its server was started; null when this version's fields are unknown.</summary>
    public static bool? IsStarted(WebApplicationFactory<TEntryPoint> factory) =>
        s_servers.All(f => f is null) ? null : s_servers.Any(f => f?.GetValue(factory) is not null);

    private static FieldInfo? Field(string name) =>
        typeof(WebApplicationFactory<TEntryPoint>).GetField(name, BindingFlags.Instance | BindingFlags.NonPublic);
}
