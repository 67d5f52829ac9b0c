namespace TaskLeakAssert.Hosting.Tests.Services;

/// <summary>A service that says when its work has really begun, so a test exercises it before the shutdown.</summary>
public interface IRunningSignal
{
    Task Running { get; }
}
