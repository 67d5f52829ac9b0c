namespace TaskLeakAssert.Reporting;

/// <summary>What the end of an await chain is, which decides the hint.</summary>
internal enum AwaitTarget
{
    Unknown,
    AsyncMethod,
    Delay,
    DelayInfinite,

    /// <summary>A Task.Delay given a token that can be canceled: the token is there, nobody cancels it.</summary>
    DelayWithToken,
    TaskCompletionSource,
    Channel,
    Semaphore,
    PeriodicTimer,
    WhenAll,
    WhenAny,
    DelegateTask,
    Running,
}
