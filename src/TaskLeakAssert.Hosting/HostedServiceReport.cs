namespace TaskLeakAssert.Hosting;

/// <summary>How one hosted service shut down: its problems and the leaked tasks it started.</summary>
public sealed class HostedServiceReport
{
    internal HostedServiceReport(Type serviceType, string name, string kind, TaskStatus? executeTaskStatus, IReadOnlyList<string> problems, IReadOnlyList<LeakedTask> leaks)
    {
        ServiceType = serviceType;
        Name = name;
        Kind = kind;
        ExecuteTaskStatus = executeTaskStatus;
        Problems = problems;
        Leaks = leaks;
    }

    /// <summary>The hosted service's type.</summary>
    public Type ServiceType { get; }

    /// <summary>The service's name in reports: its type name (<c>OrderPump</c>).</summary>
    public string Name { get; }

    /// <summary><c>BackgroundService</c>, <c>IHostedLifecycleService</c> or <c>IHostedService</c>.</summary>
    public string Kind { get; }

    /// <summary>For a BackgroundService: the status of its <c>ExecuteTask</c> after the check.</summary>
    public TaskStatus? ExecuteTaskStatus { get; }

    /// <summary>One sentence per problem: ExecuteAsync still running or faulted, a stop method that threw.</summary>
    public IReadOnlyList<string> Problems { get; }

    /// <summary>The leaked tasks this service started (matched by the code that created them).</summary>
    public IReadOnlyList<LeakedTask> Leaks { get; }

    /// <summary><see langword="true"/> when the service has no problem and left no task behind.</summary>
    public bool IsClean => Problems.Count == 0 && Leaks.Count == 0;

    /// <inheritdoc />
    public override string ToString() => $"{Name} ({Kind}): " + (IsClean ? "clean" : string.Join("; ", Problems.Append($"{Leaks.Count} leaked task entries")));
}
