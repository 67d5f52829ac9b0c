using System.Diagnostics.Tracing;

namespace TaskLeakAssert.Benchmarks;

/// <summary>
/// A listener on the runtime events TaskLeakAssert's scopes receive: the task source's async-causality operations
/// (creations and ends) and the framework source's thread transfers (a timer's arming and firing), at Informational.
/// </summary>
/// <remarks>Shared with tests/TaskLeakAssert.Benchmarks.Suite, whose Floor and Bare variants derive from it.</remarks>
public abstract class LibraryEventsListener : EventListener
{
    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == "System.Threading.Tasks.TplEventSource")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x8);
        }
        else if (eventSource.Name == "System.Diagnostics.Eventing.FrameworkEventSource")
        {
            EnableEvents(eventSource, EventLevel.Informational, (EventKeywords)0x10);
        }
    }
}
