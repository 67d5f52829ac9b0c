namespace TaskLeakAssert.Reporting;

/// <summary>What the end of an await chain is, which decides the hint.</summary>
internal enum AwaitTarget
{
    Unknown,
    AsyncMethod,
    Delay,
    DelayInfinite,
    TaskCompletionSource,
    Channel,
    Semaphore,
    PeriodicTimer,
    WhenAll,
    WhenAny,
    DelegateTask,
    Running,
}
