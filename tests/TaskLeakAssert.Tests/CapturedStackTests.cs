using System.Diagnostics;
using System.Runtime.CompilerServices;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Runtime;
using Xunit;

namespace TaskLeakAssert.Tests;

/// <summary>
/// A creation site's walk makes frames only when they are read, through the runtime's own stack walker. It must read
/// the frames a <see cref="StackTrace"/> would, and, where that walker cannot be reached, fall back to one.
/// </summary>
[Collection(nameof(WithoutRuntimeInternalsTests))] // Switches the runtime internals off for a moment.
public sealed class CapturedStackTests : IDisposable
{
    public void Dispose() => RuntimeTaskInternals.SimulateMissingInternals = false;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void The_frames_are_those_of_a_stack_trace_taken_by_the_same_caller(bool withoutTheRuntimesWalker)
    {
        RuntimeTaskInternals.SimulateMissingInternals = withoutTheRuntimesWalker;

        var (captured, trace) = BothHere();

        Assert.Equal(trace.FrameCount, captured.FrameCount);
        Assert.Equal(trace.GetFrame(0)!.GetMethod(), captured.GetFrame(0).GetMethod());
        for (int i = 1; i < trace.FrameCount; i++)
        {
            Assert.Equal(trace.GetFrame(i)!.GetMethod(), captured.GetFrame(i).GetMethod());
            Assert.Equal(trace.GetFrame(i)!.GetILOffset(), captured.GetFrame(i).GetILOffset());
        }
    }

    [Fact]
    public void A_site_reads_the_same_with_and_without_the_runtimes_walker()
    {
        var sites = new List<CreationSite>();
        foreach (bool missing in new[] { false, true })
        {
            RuntimeTaskInternals.SimulateMissingInternals = missing;
            sites.Add(WalkHere());
        }

        Assert.Contains(nameof(CapturedStackTests), sites[0].Text);
        Assert.Equal(sites[1].Text, sites[0].Text);
        Assert.Equal(sites[1].Creator?.ToString(), sites[0].Creator?.ToString());
        Assert.True(sites[0].SamePlaceAs(sites[1]));
        Assert.True(sites[1].SamePlaceAs(sites[0]));
    }

    [Fact]
    public void Walks_from_one_place_are_the_same_place_and_from_two_places_are_not()
    {
        var first = new List<CreationSite>();
        for (int i = 0; i < 2; i++)
        {
            first.Add(WalkHere());
        }

        var elsewhere = WalkHere();

        Assert.True(first[0].SamePlaceAs(first[1]));
        Assert.False(first[0].SamePlaceAs(elsewhere));
        Assert.False(elsewhere.SamePlaceAs(first[1]));
    }

    [Fact]
    public void The_creator_is_the_first_frame_outside_the_runtime_and_TaskLeakAssert()
    {
        var walked = WalkThroughTheRuntime();

        Assert.Equal(nameof(WalkThroughTheRuntime), CreationSite.FindCreator(walked)?.Name);
    }

    // Fails on a runtime whose walker no longer stops where asked: walks would then cost the whole stack again.
    [Fact]
    public void The_top_of_a_deep_stack_names_the_creator_the_whole_stack_names()
    {
        var (top, whole) = Deep(100, WalkTopAndWhole);

        Assert.False(top.IsWhole);
        Assert.True(whole.IsWhole);
        Assert.InRange(top.FrameCount, CreationSite.CreatorSearchDepth, whole.FrameCount - 50);
        Assert.Equal(nameof(WalkTopAndWhole), CreationSite.FindCreator(top)?.Name);
        Assert.Equal(CreationSite.FindCreator(whole), CreationSite.FindCreator(top));
    }

    [Fact]
    public void The_top_of_a_short_stack_is_the_whole_stack()
    {
        (CapturedStack Top, CapturedStack Whole)? walks = null;
        var thread = new Thread(() => walks = WalkTopAndWhole());
        thread.Start();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        var (top, whole) = walks!.Value;

        Assert.True(top.IsWhole);
        Assert.Equal(whole.FrameCount, top.FrameCount);
        Assert.Equal(whole.GetFrame(whole.FrameCount - 1).GetMethod(), top.GetFrame(top.FrameCount - 1).GetMethod());
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T Deep<T>(int depth, Func<T> atTheBottom) => depth == 0 ? atTheBottom() : Deep(depth - 1, atTheBottom);

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (CapturedStack Top, CapturedStack Whole) WalkTopAndWhole() => (CreationSite.WalkTop(), CreationSite.Walk());

    // Never inlined: their frames are the test's code on the stack, also in a Release build under TieredCompilation=0.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (CapturedStack Captured, StackTrace Trace) BothHere() => (CapturedStack.OfCaller(0), new StackTrace(0, fNeedFileInfo: false));

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CreationSite WalkHere() => CreationSite.Of(CreationSite.Walk(), armsTimer: false);

    // The walk is called by the runtime (Lazy<T> invokes it directly): the runtime's frames are skipped.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static CapturedStack WalkThroughTheRuntime() => new Lazy<CapturedStack>(CreationSite.Walk, LazyThreadSafetyMode.None).Value;
}
