#if BARE_RECORDS
using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Benchmarks.Suite;

/// <summary>
/// The Bare variant: no TaskLeakAssert, only the bound of figure 9 (<see cref="BareRecordListener"/>): every task of
/// the run gets a record at its creation, dropped at its end. No scope per test, no verdict, no report.
/// </summary>
internal static class BareRecords
{
    private static BareRecordListener? s_listener;

    // Set before the runner's Main on its thread: the scope flows into everything the run starts.
    [ModuleInitializer]
    internal static void Start()
    {
        s_listener = new BareRecordListener();
        BareRecordListener.Scope = new object();

        // The benchmark checks that the bound recorded the run's tasks: a bound that recorded nothing measures nothing.
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Console.Error.WriteLine($"{RecordedLinePrefix}{BareRecordListener.Recorded}");
    }

    /// <summary>The start of the line, on standard error at exit, that says how many tasks got a record.</summary>
    internal const string RecordedLinePrefix = "bare records: ";
}
#endif
