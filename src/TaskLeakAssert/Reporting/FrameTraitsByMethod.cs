using System.Reflection;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// The <see cref="FrameTraits"/> of each method seen on a walked stack, kept by the runtime's method handle, so a walk
/// classifies its frames without making each one a <see cref="System.Diagnostics.StackFrame"/> (the costly part of a
/// walk). Everything <see cref="FrameFilter"/> decides depends on the method alone.
/// </summary>
/// <remarks>
/// A method handle names one method for the life of the process, except in code that can be unloaded: a collectible
/// assembly's methods (and generic code instantiated over its types) free their handles, which another method may then
/// get. So the table (<see cref="MethodHandleTable"/>) is used only while no collectible assembly was ever loaded; from
/// the first one on every frame is classified from its method again. A dynamic method's handle is recycled for another
/// dynamic method, whose traits are the same (no declaring type).
/// </remarks>
internal static class FrameTraitsByMethod
{
    private static readonly MethodHandleTable s_table = WatchedTable();

    /// <summary>Whether a method handle still names the method it named when it was walked (no collectible code was ever loaded).</summary>
    public static bool HandlesAreStable => s_table.HandlesAreStable;

    /// <summary>The traits remembered for the method with this handle.</summary>
    public static bool TryGet(nint handle, out FrameTraits traits) => s_table.TryGet(handle, out traits);

    /// <summary>Remembers the traits of the method with this handle, while handles are stable.</summary>
    public static void Remember(nint handle, FrameTraits traits) => s_table.Remember(handle, traits);

    /// <summary>The traits of a method, read afresh.</summary>
    public static FrameTraits Of(MethodBase? method)
    {
        if (method?.DeclaringType is not { } type)
        {
            return FrameTraits.None;
        }

        var traits = FrameTraits.HasType;
        if (FrameFilter.IsContinuationBoundary(method))
        {
            traits |= FrameTraits.ContinuationBoundary;
        }

        if (FrameFilter.IsRuntimeOrSelf(type))
        {
            traits |= FrameTraits.RuntimeOrSelf;
        }

        if (FrameFilter.IsRunnerOrBelow(type))
        {
            traits |= FrameTraits.RunnerOrBelow;
        }

        if (FrameFilter.IsUserCode(method))
        {
            traits |= FrameTraits.UserCode;
        }

        if (method.Module.Assembly.IsCollectible)
        {
            traits |= FrameTraits.Collectible;
        }

        if (ScopeBase.IsBase(method))
        {
            traits |= FrameTraits.ScopeBase;
        }

        return traits;
    }

    // Told of every assembly loaded from now on, and of those loaded already (the event fires for a collectible
    // AssemblyLoadContext's loads and for a RunAndCollect AssemblyBuilder).
    private static MethodHandleTable WatchedTable()
    {
        var table = new MethodHandleTable();
        AppDomain.CurrentDomain.AssemblyLoad += (_, e) => table.Observe(e.LoadedAssembly);
        foreach (var assembly in AppDomain.CurrentDomain.GetAssemblies())
        {
            table.Observe(assembly);
        }

        return table;
    }
}
