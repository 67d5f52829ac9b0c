namespace TaskLeakAssert.Tracking;

/// <summary>
/// The code that opened a scope, and the body a <see cref="TaskLeakDetector"/> runs in it, await the scope's verdict:
/// their own tasks are never the scope's leaks. Each is one task, created on the opener's thread, recognized once.
/// </summary>
internal sealed class OpenerAndBody(string? openerStateMachine, int openerThreadId, string? bodyOperation)
{
    private readonly string? _openerStateMachine = openerStateMachine;
    private readonly int _openerThreadId = openerThreadId;
    private readonly string? _bodyOperation = bodyOperation;
    private int _openerSeen;
    private int _bodySeen;

    /// <summary>Whether a task being created now is the opener's or the body's.</summary>
    public bool Owns(string operationName) => IsOpenerTask(operationName) || IsBodyTask(operationName);

    /// <summary>
    /// The async method that opened the scope awaits the verdict, so it is never finished at verdict
    /// time: it is not its own leak. Its task is created at its first real await, on the thread that
    /// called Begin; this recognizes that one task by its state machine name.
    /// </summary>
    private bool IsOpenerTask(string operationName) =>
        _openerStateMachine is not null
        && Environment.CurrentManagedThreadId == _openerThreadId
        && operationName.Length == _openerStateMachine.Length + 7
        && operationName.StartsWith("Async: ", StringComparison.Ordinal)
        && operationName.EndsWith(_openerStateMachine, StringComparison.Ordinal)
        && Interlocked.Exchange(ref _openerSeen, 1) == 0;

    /// <summary>
    /// The task that runs a <see cref="TaskLeakDetector"/> body is awaited by the detector: it is not a
    /// leak, and the tasks the body creates were not "started by Task.Run" in the user's sense.
    /// </summary>
    private bool IsBodyTask(string operationName) =>
        _bodyOperation is not null
        && operationName == _bodyOperation
        && Environment.CurrentManagedThreadId == _openerThreadId
        && Interlocked.Exchange(ref _bodySeen, 1) == 0;
}
