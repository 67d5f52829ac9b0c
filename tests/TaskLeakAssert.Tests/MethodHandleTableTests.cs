using System.Reflection;
using TaskLeakAssert.Reporting;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>
/// Frame traits are kept by method handle only while a handle names one method: code that can be unloaded frees its
/// handles for other methods. Each test uses a table of its own; the process's table is never told of collectible code.
/// </summary>
public sealed class MethodHandleTableTests
{
    private static readonly nint SomeMethod = typeof(MethodHandleTableTests).GetMethod(nameof(Traits_are_remembered_while_no_collectible_assembly_was_loaded))!.MethodHandle.Value;

    [Fact]
    public void Traits_are_remembered_while_no_collectible_assembly_was_loaded()
    {
        var table = new MethodHandleTable();
        table.Remember(SomeMethod, FrameTraits.HasType | FrameTraits.UserCode);

        table.Observe(typeof(object).Assembly);

        Assert.True(table.HandlesAreStable);
        Assert.True(table.TryGet(SomeMethod, out var traits));
        Assert.Equal(FrameTraits.HasType | FrameTraits.UserCode, traits);
    }

    [Fact]
    public void Once_a_collectible_assembly_loads_nothing_is_read_or_kept_by_handle()
    {
        var table = new MethodHandleTable();
        table.Remember(SomeMethod, FrameTraits.HasType | FrameTraits.UserCode);

        table.Observe(new CollectibleAssembly());
        table.Remember(SomeMethod, FrameTraits.HasType);

        Assert.False(table.HandlesAreStable);
        Assert.False(table.TryGet(SomeMethod, out _));
    }

    // Stands for an assembly of an unloadable AssemblyLoadContext, without loading one into the test process.
    private sealed class CollectibleAssembly : Assembly
    {
        public override bool IsCollectible => true;
    }
}
