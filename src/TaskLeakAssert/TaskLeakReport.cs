using TaskLeakAssert.Reporting;

namespace TaskLeakAssert;

/// <summary>The verdict of one scope: which of its tasks leaked, and how long the scope waited for them.</summary>
public sealed class TaskLeakReport
{
    internal TaskLeakReport(
        string scopeName,
        IReadOnlyList<LeakedTask> leaks,
        int trackedCount,
        TimeSpan waited,
        TimeSpan timeout,
        IReadOnlyList<string> notes)
    {
        ScopeName = scopeName;
        Leaks = leaks;
        TrackedCount = trackedCount;
        Waited = waited;
        Timeout = timeout;
        Notes = notes;
    }

    /// <summary><see langword="true"/> when nothing leaked.</summary>
    public bool IsClean => Leaks.Count == 0;

    /// <summary>The name of the scope the report is about.</summary>
    public string ScopeName { get; }

    /// <summary>The leaks, identical tasks grouped into one entry, in the order they were created.</summary>
    public IReadOnlyList<LeakedTask> Leaks { get; }

    /// <summary>How many tasks the scope tracked in all (completed ones included).</summary>
    public int TrackedCount { get; }

    /// <summary>How long the scope waited for its tasks after it was stopped.</summary>
    public TimeSpan Waited { get; }

    /// <summary>The timeout the scope waited with.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>How many unfinished tasks the verdict did not count (framework work, or left out by ignore rules); its notes say which.</summary>
    internal int NotCountedCount { get; init; }

    /// <summary>Remarks about how complete the report is (for example when the runtime hides await chains).</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// For a passing check's output, one line per note (what it did not count, what it waited for); null without notes.
    /// A failing check's message has them already.
    /// </summary>
    internal string? NotesText => Notes.Count == 0
        ? null
        : string.Join(Environment.NewLine, Notes.Select(n => $"TaskLeakAssert, scope '{ScopeName}': {n}"));

    /// <summary>The same verdict with one more remark at its end.</summary>
    internal TaskLeakReport WithNote(string note) => new(ScopeName, Leaks, TrackedCount, Waited, Timeout, [.. Notes, note]) { NotCountedCount = NotCountedCount };

    /// <summary>The human-readable report: a headline, then one block per leak. Its format is documented in docs/report-format.md.</summary>
    public override string ToString() => ReportFormatter.Format(this);
}
