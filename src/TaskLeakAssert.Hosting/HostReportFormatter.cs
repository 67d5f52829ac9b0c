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
            int leaks = report.Services.Sum(s => s.Leaks.Sum(l => l.Count)) + report.OtherLeaks.Sum(l => l.Count);
            text.Append($"The host did not shut down cleanly: {Count(problems, "problem")}, {Count(leaks, "leaked task")} ({facts}).");
        }

        int number = 0;
        foreach (var service in report.Services.Where(s => !s.IsClean))
        {
            text.AppendLine().AppendLine();
            text.Append($"{service.Name} ({service.Kind}): ");
            text.Append(service.Problems.Count > 0 ? string.Join(Environment.NewLine + "  also: ", service.Problems) : $"left {Count(service.Leaks.Sum(l => l.Count), "task")} running");
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

    private static string Count(int n, string noun) => $"{n} {noun}{(n == 1 ? string.Empty : "s")}";
}
