namespace TaskLeakAssert.Tests.Support;

/// <summary>A scheduler whose loop has ended: it takes work and never runs it.</summary>
public sealed class StoppedScheduler : TaskScheduler
{
    private readonly List<Task> _queued = [];

    protected override IEnumerable<Task> GetScheduledTasks() => _queued;

    protected override void QueueTask(Task task) => _queued.Add(task);

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) => false;
}
