using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Tests.Support;

internal static class ThreadPoolWarmup
{
    // Several tests leave CPU-bound loops running until their verdict. On a 2-core machine the thread pool
    // would start with 2 threads and add more only slowly; enough threads up front keeps the other tests'
    // work from queuing behind those loops.
    [ModuleInitializer]
    internal static void Initialize() => ThreadPool.SetMinThreads(32, 32);
}
