using System.Diagnostics;
using System.Reflection;
using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Tracking;

/// <summary>
/// The methods and IL offsets of a stack's frames: enough to tell one invocation of a method from another.
/// The verdict's caller that has no task yet makes it when it suspends on the verdict a moment later, while
/// the frames below it are still the very frames that called the verdict. A later call of the same method
/// from elsewhere, or from another line, has different frames below it.
/// </summary>
internal sealed class CallStackShape
{
    private readonly (MethodBase? Method, int Offset)[] _frames;

    private CallStackShape((MethodBase? Method, int Offset)[] frames) => _frames = frames;

    public static CallStackShape CaptureHere() => new(
        new StackTrace(1, fNeedFileInfo: false).GetFrames().Select(f => (f.GetMethod(), f.GetILOffset())).ToArray());

    /// <summary>The task name each frame would have: <c>Async: &lt;X&gt;d__N</c> for an async method's MoveNext, <c>Task: M</c> otherwise.</summary>
    public IReadOnlyList<string> TaskNames => _frames.Select(f => TaskName(f.Method)).ToArray();

    /// <summary>The frames below the frame at <paramref name="index"/>: the callers of that invocation.</summary>
    public (MethodBase? Method, int Offset)[] Below(int index) => _frames[(index + 1)..];

    /// <summary>The frames below the innermost frame with the task name <paramref name="taskName"/>; null when there is none.</summary>
    public (MethodBase? Method, int Offset)[]? BelowFrameOf(string taskName)
    {
        for (int i = 0; i < _frames.Length; i++)
        {
            if (TaskName(_frames[i].Method) == taskName)
            {
                return Below(i);
            }
        }

        return null;
    }

    public static bool SameCallers((MethodBase? Method, int Offset)[] a, (MethodBase? Method, int Offset)[] b) => a.SequenceEqual(b);

    private static string TaskName(MethodBase? method) =>
        method is { Name: "MoveNext", DeclaringType: { } type } && typeof(IAsyncStateMachine).IsAssignableFrom(type)
            ? "Async: " + type.Name
            : "Task: " + method?.Name;
}
