using System.Text;
using TaskLeakAssert.Reporting;

namespace TaskLeakAssert.Hosting;

/// <summary>
/// The host report: a headline, one paragraph per hosted service with problems (its problems, then its
/// leaked tasks in core's block format), the host's own problems, other leaks, then notes.
/// </summary>
internal static class HostReportFormatter
{
    public static string Format(HostShutdownReport report)
    {
        var text = new StringBuilder();
        string facts = $"timeout {ReportFormatter.Duration(report.Timeout)}, StopAsync took {ReportFormatter.Duration(report.StopDuration)}"
            + (report.ShutdownTimeout is { } shutdown ? $", HostOptions.ShutdownTimeout {ReportFormatter.Duration(shutdown)}" : string.Empty)
            + $", {Count(report.Services.Count, "hosted service")}";
        if (report.IsClean)
        {
            text.Append($"The host shut down cleanly ({facts}, {Count(report.TaskReport.TrackedCount, "tracked task")}).");
        }
        else
        {
            int problems = report.HostProblems.Count + report.Services.Sum(s => s.Problems.Count);
            var leaks = report.Services.SelectMany(s => s.Leaks).Concat(report.OtherLeaks);
            text.Append($"The host did not shut down cleanly: {Count(problems, "problem")}, {ReportFormatter.WhatLeaked(leaks)} ({facts}).");
        }

        int number = 0;
        foreach (var service in report.Services.Where(s => !s.IsClean))
        {
            text.AppendLine().AppendLine();
            text.Append($"{service.Name} ({service.Kind}): ");
            text.Append(service.Problems.Count > 0 ? string.Join(Environment.NewLine + "  also: ", service.Problems) : Left(service.Leaks));
            foreach (var leak in service.Leaks)
            {
                ReportFormatter.AppendLeak(text, ++number, leak);
            }
        }

        foreach (string problem in report.HostProblems)
        {
            text.AppendLine().AppendLine().Append("Host: ").Append(problem);
        }

        if (report.OtherLeaks.Count > 0)
        {
            text.AppendLine().AppendLine().Append("Other tasks started while the host was tracked:");
            foreach (var leak in report.OtherLeaks)
            {
                ReportFormatter.AppendLeak(text, ++number, leak);
            }
        }

        foreach (string note in report.Notes)
        {
            text.AppendLine().AppendLine().Append("Note: ").Append(note);
        }

        return text.ToString();
    }

    // "left 4 tasks running", "left a timer firing", "left 4 tasks running and a timer firing"
    private static string Left(IReadOnlyList<LeakedTask> leaks)
    {
        int timers = leaks.Where(l => l.Kind == LeakKind.StillFiring).Sum(l => l.Count);
        int tasks = leaks.Where(l => l.Kind != LeakKind.StillFiring).Sum(l => l.Count);
        string firing = timers == 1 ? "a timer firing" : $"{timers} timers firing";
        return timers == 0 ? $"left {Count(tasks, "task")} running"
            : tasks == 0 ? $"left {firing}"
            : $"left {Count(tasks, "task")} running and {firing}";
    }

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? string.Empty : "s")}";
}
