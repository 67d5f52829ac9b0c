using System.Collections.Concurrent;
using System.Reflection;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// Frame traits kept by method handle (<see cref="FrameTraitsByMethod"/>), for as long as a handle names one method:
/// until the first collectible assembly it is told of. Code that can be unloaded frees its methods' handles (and those
/// of generic code instantiated over its types), and another method may then get one; from then on the table is empty
/// and remembers nothing.
/// </summary>
internal sealed class MethodHandleTable
{
    // Bounded by the methods of the loaded code, like the runtime's own method tables.
    private readonly ConcurrentDictionary<nint, FrameTraits> _traits = new();
    private volatile bool _collectibleCodeLoaded;

    /// <summary>Whether a method handle still names the method it named when it was walked (no collectible code was ever loaded).</summary>
    public bool HandlesAreStable => !_collectibleCodeLoaded;

    /// <summary>Tells the table of an assembly that was loaded: a collectible one ends its use for good.</summary>
    public void Observe(Assembly loaded)
    {
        if (loaded.IsCollectible)
        {
            _collectibleCodeLoaded = true;
            _traits.Clear();
        }
    }

    /// <summary>The traits remembered for the method with this handle.</summary>
    public bool TryGet(nint handle, out FrameTraits traits)
    {
        traits = FrameTraits.None;
        return !_collectibleCodeLoaded && _traits.TryGetValue(handle, out traits);
    }

    /// <summary>Remembers the traits of the method with this handle, while handles are stable.</summary>
    public void Remember(nint handle, FrameTraits traits)
    {
        if (!_collectibleCodeLoaded)
        {
            _traits.TryAdd(handle, traits);
        }
    }
}
