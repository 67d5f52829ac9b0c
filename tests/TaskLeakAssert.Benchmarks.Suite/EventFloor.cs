#if EVENT_FLOOR
using System.Diagnostics.Tracing;
using System.Runtime.CompilerServices;

namespace TaskLeakAssert.Benchmarks.Suite;

/// <summary>
/// The Floor variant: no TaskLeakAssert, only a listener that receives the runtime events TaskLeakAssert's scopes
/// receive (task operations, timer transfers) for the whole run and does nothing with them. What any design built
/// on these events pays on this suite.
/// </summary>
internal sealed class EventFloor : LibraryEventsListener
{
    private static EventFloor? s_listener;

    [ModuleInitializer]
    internal static void Start() => s_listener = new EventFloor();

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
    }
}
#endif
