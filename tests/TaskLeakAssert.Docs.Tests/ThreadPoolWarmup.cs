using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Docs.Tests;

internal static class ThreadPoolWarmup
{
    // Two of the quoted scenarios leave a CPU-bound loop spinning until they are released (that is their
    // bug). On a 2-core machine the thread pool starts with 2 threads, and the other scenarios' work would
    // queue behind those loops past their timeouts.
    [ModuleInitializer]
    internal static void Initialize() => ThreadPool.SetMinThreads(32, 32);
}
