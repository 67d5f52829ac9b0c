using System.Reflection;
using TaskLeakAssert.Reporting;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// For a shared fixture's scope: the code that is the fixture's own, whose tasks the fixture owns also when a test's
/// flow runs it (<see cref="FixtureOwnership"/>). A framework that learns the types late (NUnit, after one-time setup)
/// sets them again.
/// </summary>
/// <remarks>
/// A fixture class from a library (a WebApplicationFactory) owns its whole library's code: such a base class
/// starts its work through its library's helpers (WebApplicationFactory runs the app's entry point on a
/// thread of its own), whose frames are all a creating stack has of it.
/// </remarks>
internal sealed class FixtureCode
{
    private HashSet<Type> _types = [];
    private HashSet<Assembly> _libraries = [];

    /// <summary>The fixture's types: its class and base classes.</summary>
    public void Set(IEnumerable<Type> types)
    {
        var all = types.ToArray();
        Volatile.Write(ref _libraries, [.. all.Where(t => !FrameFilter.IsUserType(t) && !FrameFilter.IsRuntimeOrSelf(t)).Select(t => t.Assembly)]);
        Volatile.Write(ref _types, [.. all.Select(Definition)]);
    }

    /// <summary>Whether any code is known to be the fixture's; without it, a creating stack need not be walked.</summary>
    public bool IsKnown => Volatile.Read(ref _types).Count > 0 || Volatile.Read(ref _libraries).Count > 0;

    /// <summary>Whether code of this type is the fixture's own (its class, a base class, or compiler-made types nested in them).</summary>
    public bool Owns(Type type) =>
        Volatile.Read(ref _types).Contains(Definition(type)) || Volatile.Read(ref _libraries).Contains(type.Assembly);

    // Stack frames of shared generic code name the open type (WebApplicationFactory`1), so compare definitions.
    private static Type Definition(Type type) => type.IsGenericType ? type.GetGenericTypeDefinition() : type;
}
