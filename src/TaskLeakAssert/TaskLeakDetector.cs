using System.Reflection;
using System.Runtime.ExceptionServices;
using TaskLeakAssert.Reporting;
using TaskLeakAssert.Tracking;

namespace TaskLeakAssert;

/// <summary>Runs a piece of async code in its own scope and reports the tasks it left behind.</summary>
public static class TaskLeakDetector
{
    /// <summary>
    /// Runs <paramref name="body"/> in a new scope, on a tracking <see cref="TaskScheduler"/>. After the
    /// body completes, waits for the tasks it started and returns the report. When the body throws, the
    /// check still runs and then the body's exception propagates (the report is then discarded).
    /// </summary>
    /// <param name="body">The code under test.</param>
    /// <param name="options">Timeout and report settings.</param>
    public static async Task<TaskLeakReport> RunAsync(Func<Task> body, TaskLeakOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var scheduler = new TrackingTaskScheduler();

        // This method's own task awaits the verdict; BeginCore recognizes it as the opener.
        var runner = new BodyRunner(body);
        var scope = TaskLeakScope.BeginCore(
            FriendlyName.ForMethod(body.Method).ToString(), options, MethodBase.GetCurrentMethod(), scheduler, bodyOperation: "Task: " + nameof(BodyRunner.RunBody));
        ExceptionDispatchInfo? failure = null;
        try
        {
            await Task.Factory.StartNew(runner.RunBody, CancellationToken.None, TaskCreationOptions.DenyChildAttach, scheduler)
                .Unwrap()
                .ConfigureAwait(false);
        }
        catch (Exception e)
        {
            failure = ExceptionDispatchInfo.Capture(e);
        }

        var report = await scope.StopAsync().ConfigureAwait(false);
        failure?.Throw();
        return report;
    }

    /// <summary>Like <see cref="RunAsync"/>, but throws <see cref="TaskLeakException"/> with the report when anything leaked.</summary>
    /// <param name="body">The code under test.</param>
    /// <param name="options">Timeout and report settings.</param>
    public static async Task AssertNoLeakedTasksAsync(Func<Task> body, TaskLeakOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(body);
        var report = await RunAsync(body, options).ConfigureAwait(false);
        if (!report.IsClean)
        {
            throw new TaskLeakException(report);
        }
    }

    // A named method, so the scope can recognize the body's own task by the name the runtime announces.
    private sealed class BodyRunner(Func<Task> body)
    {
        public Task RunBody() =>
            body() ?? throw new InvalidOperationException("The body passed to TaskLeakDetector returned null instead of a Task; return the task of your async code.");
    }
}
