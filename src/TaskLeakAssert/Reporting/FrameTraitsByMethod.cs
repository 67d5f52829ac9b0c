using System.Collections.Concurrent;
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
/// get. So the table is used only while no collectible assembly was ever loaded; from the first one on it is emptied
/// and every frame is classified from its method again. A dynamic method's handle is recycled for another dynamic
/// method, whose traits are the same (no declaring type).
/// </remarks>
internal static class FrameTraitsByMethod
{
    // Bounded by the methods of the loaded code, like the runtime's own method tables.
    private static readonly ConcurrentDictionary<nint, FrameTraits> s_traits = new();
    private static volatile bool s_collectibleCodeLoaded;

    static FrameTraitsByMethod()
    {
        AppDomain.CurrentDomain.AssemblyLoad += static (_, e) =>
        {
            if (e.LoadedAssembly.IsCollectible)
            {
                StopTrustingHandles();
            }
        };
        if (AppDomain.CurrentDomain.GetAssemblies().Any(a => a.IsCollectible))
        {
            StopTrustingHandles();
        }
    }

    /// <summary>Whether a method handle still names the method it named when it was walked (no collectible code was ever loaded).</summary>
    public static bool HandlesAreStable => !s_collectibleCodeLoaded;

    /// <summary>The traits remembered for the method with this handle.</summary>
    public static bool TryGet(nint handle, out FrameTraits traits)
    {
        traits = FrameTraits.None;
        return !s_collectibleCodeLoaded && s_traits.TryGetValue(handle, out traits);
    }

    /// <summary>Remembers the traits of the method with this handle, while handles are stable.</summary>
    public static void Remember(nint handle, FrameTraits traits)
    {
        if (!s_collectibleCodeLoaded)
        {
            s_traits.TryAdd(handle, traits);
        }
    }

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

        return traits;
    }

    private static void StopTrustingHandles()
    {
        s_collectibleCodeLoaded = true;
        s_traits.Clear();
    }
}
