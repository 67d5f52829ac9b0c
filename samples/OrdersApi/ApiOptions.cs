namespace OrdersApi;

/// <summary>Which variant of every endpoint and service runs: the classic bug, or its fix.</summary>
public sealed class ApiOptions
{
    /// <summary>Run the fixed code; <see langword="false"/> runs the code with the bugs. Configuration key <c>OrdersApi:Fixed</c>.</summary>
    public bool Fixed { get; set; } = true;

    /// <summary>
    /// Not part of the bugs: it lets the tests end a leaked loop after TaskLeakAssert has reported it, so
    /// nothing keeps running in their process. The buggy code never looks at the request's or the host's
    /// token; it looks at this one only to be switched off afterwards.
    /// </summary>
    public CancellationToken LeakRelease { get; set; }
}
