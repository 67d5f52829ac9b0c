namespace OrderProcessing;

/// <summary>
/// A service that says when its work has really begun. On .NET 10 a BackgroundService's ExecuteAsync runs
/// on the thread pool, so a host stopped right after StartAsync may cancel it before it ever ran; the demo
/// and the tests wait on this to exercise the services first.
/// </summary>
public interface IRunningSignal
{
    Task Running { get; }
}
