namespace OrderProcessing;

/// <summary>Which variant of every service runs: the classic shutdown bug, or its fix.</summary>
public sealed class SampleOptions
{
    /// <summary>Run the fixed services; <see langword="false"/> runs the ones with shutdown bugs.</summary>
    public bool Fixed { get; init; }

    /// <summary>
    /// Not part of the bugs: it lets the demo and the tests end a leaked loop after TaskLeakAssert has
    /// reported it, so nothing keeps running in their process. The buggy code never looks at the
    /// host's own token; it looks at this one only to be switched off afterwards.
    /// </summary>
    public CancellationToken LeakRelease { get; init; }

    /// <summary>
    /// <see cref="LeakRelease"/> as the buggy loops ask it: a flag, not a token, so to a reader and to
    /// TaskLeakAssert.Analyzers they run for ever, as the bugs they stand for do.
    /// </summary>
    public bool Released => LeakRelease.IsCancellationRequested;
}
