namespace TaskLeakAssert.Tests.Support;

/// <summary>A scheduler of someone's own that runs its work on the thread pool (an app's own scheduler, a limiter).</summary>
public sealed class PoolScheduler : TaskScheduler
{
    protected override void QueueTask(Task task) => ThreadPool.UnsafeQueueUserWorkItem(_ => TryExecuteTask(task), null);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;

    protected override IEnumerable<Task>? GetScheduledTasks() => null;
}
