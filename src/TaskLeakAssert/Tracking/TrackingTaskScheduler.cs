using System.Collections.Concurrent;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// Runs a <see cref="TaskLeakDetector"/> body. Continuations and <c>Task.Factory.StartNew</c> calls in the
/// body go through <see cref="TaskScheduler.Current"/>, that is, through here, so it holds the objects of
/// those tasks while they are queued or executing: the report can describe them even when the runtime's
/// task table is unavailable, and it knows which of them are running on a thread right now.
/// </summary>
internal sealed class TrackingTaskScheduler : TaskScheduler
{
    private readonly ConcurrentDictionary<int, Task> _queued = new();
    private readonly ConcurrentDictionary<int, Task> _executing = new();

    public Task? Find(int taskId) => _executing.GetValueOrDefault(taskId) ?? _queued.GetValueOrDefault(taskId);

    public bool IsExecuting(int taskId) => _executing.ContainsKey(taskId);

    protected override void QueueTask(Task task)
    {
        _queued[task.Id] = task;
        ThreadPool.UnsafeQueueUserWorkItem(static state => state.Scheduler.Execute(state.Task), (Scheduler: this, Task: task), preferLocal: false);
    }

    protected override bool TryExecuteTaskInline(Task task, bool taskWasPreviouslyQueued) =>
        !taskWasPreviouslyQueued && Execute(task);

    protected override IEnumerable<Task> GetScheduledTasks() => _queued.Values.ToArray();

    private bool Execute(Task task)
    {
        _queued.TryRemove(task.Id, out _);
        _executing[task.Id] = task;
        try
        {
            return TryExecuteTask(task);
        }
        finally
        {
            _executing.TryRemove(task.Id, out _);
        }
    }
}
