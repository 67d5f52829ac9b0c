using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// The one rule for where a test framework's pipeline goes on after a verdict: on the kind of thread (pool or not)
/// it would be on without the check. Two things move it elsewhere, and the framework's next test would start there:
/// <list type="bullet">
/// <item>A verdict that waited resumes on the verdict clock's thread (or a pool thread).</item>
/// <item>
/// A test's end can land on a pool thread by a runtime race the tracking widens. An async method's first suspension
/// raises the creation event before its continuation is registered; when the awaited task completes on another
/// thread in between, the runtime queues the continuation to the pool. In-scope creation events capture a stack, so
/// that window is longer in a checked test.
/// </item>
/// </list>
/// xunit 2 runs its pipeline off the pool, on its own threads; xunit v3 and MSTest run it on the pool. Measured under
/// xunit 2 on a loaded machine, 200 tests per side: 1 started on the pool without the check (the class's first), 4 to 6
/// with it when only the verdict's own resumption was restored, and as many as without once the hop back is awaited
/// directly by the adapter's method (a hop inside a nested async method loses the same race again when it ends).
/// </summary>
internal static class VerdictResumption
{
    /// <summary>Whether the framework's pipeline runs on the pool right now: read before the test starts.</summary>
    public static bool PipelineOnThePool => Thread.CurrentThread.IsThreadPoolThread;

    /// <summary>
    /// Where the pipeline goes on after the verdict of a test that started on <paramref name="startedOnThePool"/>:
    /// off the pool if the test started off it (a pool thread at its end is the race above), else on the kind of
    /// thread that asks now, before the verdict. Await the result in the adapter's own method, after the verdict.
    /// </summary>
    /// <param name="startedOnThePool"><see cref="PipelineOnThePool"/>, read before the test ran.</param>
    public static ThreadKind AfterTestThatStarted(bool startedOnThePool) => new(startedOnThePool && PipelineOnThePool);

    /// <summary>
    /// Where the pipeline goes on after a verdict asked for from here: xunit v3's and MSTest's tests (their pipeline
    /// runs on the pool, and the race above only ever lands on the pool), a fixture's cleanup. Measured under MSTest
    /// with <see cref="AfterTestThatStarted"/> instead: 196 of 200 tests started on the pool with the check, 200
    /// without (a test that once started off the pool kept the next ones off it).
    /// </summary>
    public static ThreadKind Here() => new(PipelineOnThePool);

    /// <summary>Stops <paramref name="scope"/> and returns its report on the kind of thread (pool or not) that called this.</summary>
    public static async Task<TaskLeakReport> StopWhereCalledAsync(this TaskLeakScope scope)
    {
        var back = Here();
        // No ConfigureAwait(false): a framework's SynchronizationContext, where it has one, is where its pipeline goes on.
        var report = await scope.StopAsync();
        await back;
        return report;
    }

    /// <summary>
    /// A kind of thread to go on on: awaiting it continues at once when already on that kind, else on a pool thread,
    /// or on a new thread of its own as xunit 2's worker threads are.
    /// </summary>
    internal readonly struct ThreadKind(bool onThePool) : ICriticalNotifyCompletion
    {
        public ThreadKind GetAwaiter() => this;

        public bool IsCompleted => Thread.CurrentThread.IsThreadPoolThread == onThePool;

        public void GetResult()
        {
        }

        public void OnCompleted(Action continuation) => Continue(continuation, unsafeStart: false);

        public void UnsafeOnCompleted(Action continuation) => Continue(continuation, unsafeStart: true);

        private void Continue(Action continuation, bool unsafeStart)
        {
            if (onThePool)
            {
                ThreadPool.UnsafeQueueUserWorkItem(static c => c(), continuation, preferLocal: false);
                return;
            }

            var thread = new Thread(() => continuation()) { IsBackground = true, Name = "TaskLeakAssert test pipeline" };
            if (unsafeStart)
            {
                thread.UnsafeStart();
            }
            else
            {
                thread.Start();
            }
        }
    }
}
