using System.Globalization;
using System.Text;

namespace TaskLeakAssert.Reporting;

/// <summary>
/// The one report format (docs/report-format.md): a headline with the count, the scope and the timeout,
/// then one block per leak with aligned labels, then notes.
/// </summary>
internal static class ReportFormatter
{
    private const string Indent = "    ";
    private const int LabelWidth = 12;

    public static string Format(TaskLeakReport report)
    {
        var text = new StringBuilder();
        if (report.IsClean)
        {
            text.Append(report.NotCountedCount == 0
                ? string.Create(CultureInfo.InvariantCulture, $"No leaked tasks in scope '{report.ScopeName}': {Count(report.TrackedCount, "tracked task")} ended within {Duration(report.Waited)}.")
                : string.Create(CultureInfo.InvariantCulture, $"No leaked tasks in scope '{report.ScopeName}': of {Count(report.TrackedCount, "tracked task")}, all ended within {Duration(report.Waited)} but {report.NotCountedCount} not counted (see the notes)."));
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{WhatLeaked(report.Leaks)} in scope '{report.ScopeName}' (timeout {Duration(report.Timeout)}, waited {Duration(report.Waited)}, {Count(report.TrackedCount, "tracked task")}).");
            for (int i = 0; i < report.Leaks.Count; i++)
            {
                AppendLeak(text, i + 1, report.Leaks[i]);
            }
        }

        foreach (string note in report.Notes)
        {
            text.AppendLine().AppendLine().Append("Note: ").Append(note);
        }

        return text.ToString();
    }

    /// <summary>Durations as a person reads them: <c>850 ms</c>, <c>5 s</c>, <c>2.5 s</c>.</summary>
    public static string Duration(TimeSpan value) =>
        value < TimeSpan.FromSeconds(1)
            ? string.Create(CultureInfo.InvariantCulture, $"{value.TotalMilliseconds:0} ms")
            : string.Create(CultureInfo.InvariantCulture, $"{value.TotalSeconds:0.##} s");

    internal static void AppendLeak(StringBuilder text, int number, LeakedTask leak)
    {
        string kind = leak.Kind switch
        {
            LeakKind.Faulted => "Faulted",
            LeakKind.StillFiring => "Still firing",
            _ => "Not completed",
        };
        string count = leak.Count > 1 ? string.Create(CultureInfo.InvariantCulture, $" ×{leak.Count}") : string.Empty;
        text.AppendLine().AppendLine().Append(CultureInfo.InvariantCulture, $"[{number}] {kind}{count}: {leak.Description}");
        AppendField(text, "Status", leak.State);
        if (leak.Exception is { } exception)
        {
            AppendField(text, "Exception", $"{exception.GetType().Name}: {exception.Message}");
        }

        if (leak.StartedDuring is { } during)
        {
            AppendField(text, "During", during);
        }

        AppendField(text, "Created at", leak.CreationStackTrace ?? "unknown (stack capture is off, or no user code on the stack)");
        if (leak.AwaitChain.Count > 0)
        {
            AppendField(text, "Awaits", string.Join(" → ", leak.AwaitChain));
        }

        AppendField(text, "Fix", leak.Hint);
        if (leak.StaticCheck is { } rule)
        {
            AppendField(text, "Analyzer", rule);
        }
    }

    private static void AppendField(StringBuilder text, string label, string value)
    {
        string padding = Environment.NewLine + Indent + new string(' ', LabelWidth);
        text.AppendLine().Append(Indent).Append((label + ":").PadRight(LabelWidth)).Append(value.ReplaceLineEndings(padding));
    }

    /// <summary><c>4 leaked tasks</c>, <c>1 timer still firing</c>, or <c>4 leaked tasks and 1 timer still firing</c>.</summary>
    public static string WhatLeaked(IEnumerable<LeakedTask> leaks)
    {
        int timers = 0, tasks = 0;
        foreach (var leak in leaks)
        {
            if (leak.Kind == LeakKind.StillFiring)
            {
                timers += leak.Count;
            }
            else
            {
                tasks += leak.Count;
            }
        }

        string firing = Count(timers, "timer") + " still firing";
        return timers == 0 ? Count(tasks, "leaked task") : tasks == 0 ? firing : $"{Count(tasks, "leaked task")} and {firing}";
    }

    public static string Count(int n, string noun) => string.Create(CultureInfo.InvariantCulture, $"{n} {noun}{(n == 1 ? string.Empty : "s")}");
}
