using System.Diagnostics;
using System.Reflection;
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

    [Fact]
    public async Task A_walk_under_a_test_run_in_a_scope_ends_at_the_scope_base()
    {
        var scope = TaskLeakScope.BeginDetached("Runner.Test", new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(5) });
        try
        {
            // The runner's deep stack below the scope's base, the test's few frames above it.
            var (cut, whole) = await Deep(100, () => scope.RunInScopeAsync(() => Task.FromResult(Deep(3, WalkAndWalkWhole))));

            Assert.True(cut.IsWhole);
            Assert.InRange(cut.FrameCount, 5, whole.FrameCount - 100);
            Assert.True(ScopeBase.IsBase(cut.GetFrame(cut.FrameCount - 1).GetMethod()!));
            for (int i = 0; i < cut.FrameCount; i++)
            {
                Assert.Equal(whole.GetFrame(i).GetMethod(), cut.GetFrame(i).GetMethod());
            }

            Assert.Equal(nameof(WalkAndWalkWhole), CreationSite.FindCreator(cut)?.Name);
        }
        finally
        {
            await scope.StopAsync();
        }
    }

    [Fact]
    public async Task A_scope_base_deeper_than_the_search_is_walked_past_to_the_stacks_end()
    {
        var scope = TaskLeakScope.BeginDetached("Runner.Test", new TaskLeakOptions { Timeout = TimeSpan.FromSeconds(5) });
        try
        {
            var (walked, whole) = await scope.RunInScopeAsync(() => Task.FromResult(Deep(CreationSite.ScopeBaseSearchDepth + 10, WalkAndWalkWhole)));

            Assert.True(walked.IsWhole);
            Assert.Equal(whole.FrameCount, walked.FrameCount);
            Assert.Contains(Enumerable.Range(0, walked.FrameCount), i => ScopeBase.IsBase(walked.GetFrame(i).GetMethod()!));
        }
        finally
        {
            await scope.StopAsync();
        }
    }

    [Fact]
    public void A_walk_ends_where_a_registered_runner_calls_the_test_method()
    {
        var invoke = typeof(CapturedStackTests).GetMethod(nameof(RunnerInvokesTheTest), BindingFlags.NonPublic | BindingFlags.Static)!;
        ScopeBase.RegisterRunnerInvocation(invoke);

        var (cut, whole) = Deep(100, () => RunnerInvokesTheTest(() => Deep(3, WalkAndWalkWhole)));

        Assert.True(cut.IsWhole);
        Assert.InRange(cut.FrameCount, 5, CreationSite.CreatorSearchDepth);
        Assert.Equal(invoke, cut.GetFrame(cut.FrameCount - 1).GetMethod());
        Assert.Equal(nameof(WalkAndWalkWhole), CreationSite.FindCreator(cut)?.Name);
        Assert.True(whole.FrameCount > cut.FrameCount + 100);
    }

    // Stands for a test framework's runner calling a test method; registered only by the test above.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static T RunnerInvokesTheTest<T>(Func<T> test) => test();

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static (CapturedStack Walked, CapturedStack Whole) WalkAndWalkWhole() => (CreationSite.Walk(), CapturedStack.OfCaller(0));

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
