using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;
using Xunit;

namespace TaskLeakAssert.Tests.Collectible;

/// <summary>
/// Code of an unloadable AssemblyLoadContext (a plugin, a script, a test host that reloads) whose tasks a scope
/// tracked and reported can still unload once the scope ended: the library keeps none of its types or methods.
/// </summary>
public sealed class UnloadableCodeTests
{
    private const string LibraryFile = "TaskLeakAssert.Tests.NoSymbols.dll";

    [Fact]
    public async Task Code_whose_leak_a_scope_reported_unloads_once_the_leak_ended()
    {
        var context = await Task.Run(ReportALeakOfUnloadableCodeAsync);
        await LeaveTheirFramesAsync();

        Assert.True(await UnloadedAsync(context), "the unloadable code is still reachable after its scope ended and its task completed");
    }

    [Fact]
    public async Task Code_whose_timer_a_scope_reported_still_firing_unloads_once_the_timer_is_disposed()
    {
        var context = await Task.Run(ReportATimerOfUnloadableCodeAsync);
        await LeaveTheirFramesAsync();

        Assert.True(await UnloadedAsync(context), "the unloadable code is still reachable after its scope ended and its timer was disposed");
    }

    [Fact]
    public async Task Code_whose_tasks_a_scope_tracked_and_found_clean_unloads()
    {
        var context = await Task.Run(RunCleanUnloadableCodeAsync);
        await LeaveTheirFramesAsync();

        Assert.True(await UnloadedAsync(context), "the unloadable code is still reachable after its scope ended");
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> ReportALeakOfUnloadableCodeAsync()
    {
        var (context, library) = Load();
        var never = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        // An async method of the unloadable library, started on the pool, awaits forever: the scope's leak.
        await (Task)library.GetMethod("StartOnPool")!.Invoke(null, [never.Task])!;
        var report = await scope.StopAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.Contains("WithoutSymbols.WaitAsync", leak.Description);
        Assert.Contains("WithoutSymbols.WaitAsync", report.ToString());

        never.SetResult();
        context.Unload();
        return new WeakReference(context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> ReportATimerOfUnloadableCodeAsync()
    {
        var (context, library) = Load();
        var scope = TaskLeakScope.Begin(options: new TaskLeakOptions { Timeout = TimeSpan.FromMilliseconds(200) });

        var timer = (IDisposable)library.GetMethod("StartTimer")!.Invoke(null, [TimeSpan.FromMilliseconds(20)])!;
        var report = await scope.StopAsync();

        var leak = Assert.Single(report.Leaks);
        Assert.Equal(LeakKind.StillFiring, leak.Kind);
        Assert.Contains("WithoutSymbols.StartTimer", report.ToString());

        timer.Dispose();
        context.Unload();
        return new WeakReference(context);
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static async Task<WeakReference> RunCleanUnloadableCodeAsync()
    {
        var (context, library) = Load();
        var scope = TaskLeakScope.Begin();

        // The library's frame lies between this test and the tasks: their creation sites hold its method.
        var invoke = library.GetMethod("Invoke")!;
        for (int i = 0; i < 20; i++)
        {
            await (Task)invoke.Invoke(null, [(Func<Task>)(() => Task.Run(async () => await Task.Delay(1)))])!;
        }

        // Last, a delegate task with no proxy after it: the last task this thread announced in the scope.
        await (Task)invoke.Invoke(null, [(Func<Task>)(() => Task.Run(() => { }))])!;

        var report = await scope.StopAsync();
        Assert.True(report.IsClean, report.ToString());
        Assert.True(report.TrackedCount >= 40, $"tracked {report.TrackedCount}");

        context.Unload();
        return new WeakReference(context);
    }

    private static (AssemblyLoadContext Context, Type Library) Load()
    {
        var context = new AssemblyLoadContext("unloadable code under test", isCollectible: true);
        var assembly = context.LoadFromAssemblyPath(Path.Combine(AppContext.BaseDirectory, LibraryFile));
        Assert.True(assembly.IsCollectible);
        return (context, assembly.GetType("TaskLeakAssert.Tests.NoSymbols.WithoutSymbols", throwOnError: true)!);
    }

    // The helper's completion may run this test's continuation on its own stack, where its frame still holds what it
    // used (its scope in its ExecutionContext, the scope's report): go on from a frame of our own.
    private static async Task LeaveTheirFramesAsync() => await Task.Yield();

    // An unloaded context goes after a few collections, once nothing refers to its code: the leaked task's last step
    // (its continuation, queued to a pool thread that a loaded machine may give late) must have run first. No event
    // says a context was collected, so this collects and looks again, with a generous bound against a hang.
    private static async Task<bool> UnloadedAsync(WeakReference context)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (context.IsAlive && DateTime.UtcNow < deadline)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true);
            GC.WaitForPendingFinalizers();
            if (context.IsAlive)
            {
                await Task.Delay(10);
            }
        }

        return !context.IsAlive;
    }
}
