using System.Diagnostics.Tracing;

namespace TaskLeakAssert.Benchmarks;

/// <summary>
/// The floor of figure 1: an EventListener that receives the same runtime task events as TaskLeakAssert
/// (TplEventSource, async-causality keyword) and does nothing with them.
/// </summary>
public sealed class EmptyTplListener : EventListener
{
    private EventSource? _source;

    private EventSource? _timerSource;

    /// <summary>Receives the task events; with <paramref name="timerEvents"/>, also the runtime's timer events, as TaskLeakAssert does.</summary>
    public void Start(bool timerEvents = false)
    {
        _source ??= EventSource.GetSources().First(s => s.Name == "System.Threading.Tasks.TplEventSource");
        EnableEvents(_source, EventLevel.Informational, (EventKeywords)0x8);
        if (timerEvents)
        {
            _timerSource ??= EventSource.GetSources().First(s => s.Name == "System.Diagnostics.Eventing.FrameworkEventSource");
            EnableEvents(_timerSource, EventLevel.Informational, (EventKeywords)0x10);
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
    }
}
