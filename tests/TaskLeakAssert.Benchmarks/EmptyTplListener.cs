using System.Diagnostics.Tracing;

namespace TaskLeakAssert.Benchmarks;

/// <summary>
/// The floor of figure 1: an EventListener that receives the same runtime task events as TaskLeakAssert
/// (TplEventSource, async-causality keyword) and does nothing with them.
/// </summary>
public sealed class EmptyTplListener : EventListener
{
    private EventSource? _source;

    public void Start()
    {
        _source ??= EventSource.GetSources().First(s => s.Name == "System.Threading.Tasks.TplEventSource");
        EnableEvents(_source, EventLevel.Informational, (EventKeywords)0x8);
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
    }
}
