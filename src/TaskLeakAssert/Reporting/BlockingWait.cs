using System.Reflection;
using TaskLeakAssert.Runtime;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// For a task running on a thread: whether the objects its code holds show a thread blocked in a synchronous
/// wait (a <see cref="ManualResetEventSlim"/> or <see cref="SemaphoreSlim"/> with a waiting thread, a task a
/// thread waits on with <c>Wait()</c> or <c>.Result</c>). The runtime cannot say which thread a task runs on, so
/// this is evidence, not proof: the report says "likely". No evidence means the task may be busy or blocked
/// in something else (a lock); the hint then fits both.
/// </summary>
internal static class BlockingWait
{
    private const BindingFlags InstanceFields = BindingFlags.Instance | BindingFlags.Public | BindingFlags.NonPublic;

    /// <summary>"ManualResetEventSlim.Wait on _gate (never set)", or null when nothing the code holds shows a blocked wait.</summary>
    /// <param name="code">The running code's own object: a delegate's target (its closure), or an async method's state machine.</param>
    public static string? Find(object? code)
    {
        if (code is null)
        {
            return null;
        }

        // The closure or state machine itself, then the user object it runs on (its captured this).
        foreach (var (name, value) in Fields(code))
        {
            if (Describe(name, value) is { } found)
            {
                return found;
            }

            if (value is not null && IsUserObject(value))
            {
                foreach (var (innerName, innerValue) in Fields(value))
                {
                    if (Describe(innerName, innerValue) is { } inner)
                    {
                        return inner;
                    }
                }
            }
        }

        return null;
    }

    private static string? Describe(string name, object? value) => value switch
    {
        ManualResetEventSlim { IsSet: false } mre when RuntimeTaskInternals.WaiterCount(mre) > 0 => $"ManualResetEventSlim.Wait on {name} (never set)",
        SemaphoreSlim { CurrentCount: 0 } semaphore when RuntimeTaskInternals.WaiterCount(semaphore) > 0 => $"SemaphoreSlim.Wait on {name} (never released)",
        Task { IsCompleted: false } task when RuntimeTaskInternals.HasSynchronousWaiter(task) == true => $"Wait() or .Result on {name}, a task that never ends",
        TaskCompletionSource source => Describe(name + ".Task", source.Task),
        not null when SourceTask(value) is { } task => Describe(name + ".Task", task),
        _ => null,
    };

    // A TaskCompletionSource<T>: its task, which is what a thread waits on.
    private static Task? SourceTask(object value) =>
        value.GetType() is { IsGenericType: true } type && type.GetGenericTypeDefinition() == typeof(TaskCompletionSource<>)
            ? type.GetProperty(nameof(TaskCompletionSource.Task))?.GetValue(value) as Task
            : null;

    private static IEnumerable<(string Name, object? Value)> Fields(object holder)
    {
        foreach (var field in holder.GetType().GetFields(InstanceFields))
        {
            if (field.FieldType.IsValueType)
            {
                continue;
            }

            object? value;
            try
            {
                value = field.GetValue(holder);
            }
            catch (Exception e) when (e is ArgumentException or FieldAccessException)
            {
                continue;
            }

            yield return (FieldName(field.Name), value);
        }
    }

    // Hoisted locals and captured variables keep their source name inside the compiler's decoration: <gate>5__2.
    private static string FieldName(string name)
    {
        if (name.StartsWith('<') && name.IndexOf('>', StringComparison.Ordinal) is > 1 and var end)
        {
            return name[1..end];
        }

        return name;
    }

    private static bool IsUserObject(object value) =>
        !value.GetType().IsValueType && FrameFilter.IsUserType(value.GetType()) && value is not Delegate;
}
