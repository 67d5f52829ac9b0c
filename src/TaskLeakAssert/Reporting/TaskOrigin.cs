namespace TaskLeakAssert.Reporting;

/// <summary>What kind of code produced a task, as read off the name the runtime announced.</summary>
internal enum TaskOrigin
{
    AsyncMethod,
    Delegate,
    Continuation,
    Delay,
    WhenAll,
    WhenAny,
    Unwrap,
    Other,
}
