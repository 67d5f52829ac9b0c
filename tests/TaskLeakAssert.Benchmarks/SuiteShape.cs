using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace TaskLeakAssert.Benchmarks;

/// <summary>
/// Figure 9: a task-heavy xunit v3 suite (tests/TaskLeakAssert.Benchmarks.Suite: cache throughput, work items
/// through a channel, a periodic job, many short fan-out tests, in parallel classes), run by xunit v3's own runner
/// as a user runs it, built five ways: without TaskLeakAssert, with only an empty listener on the runtime events
/// TaskLeakAssert receives (the floor any design on these events pays), with only a record per task of the run (the
/// bound: what any design with a record per task pays), with the assembly attribute alone, and with the framework line
/// too. Each round runs the four in an order that rotates; the ratios of a round are kept.
/// </summary>
public static partial class SuiteShape
{
    public static readonly string[] Variants = ["None", "Floor", "Bare", "Attribute", "Framework"];

    /// <summary>Median per-round ratios of the runner's own suite time and of the whole process's time: Floor, Bare, Attribute and Framework against None, Framework against Floor and Attribute.</summary>
    public static async Task<SuiteResult> MeasureAsync(int rounds)
    {
        string project = Path.Combine(RepositoryRoot(), "tests", "TaskLeakAssert.Benchmarks.Suite");
        foreach (string variant in Variants)
        {
            await BuildAsync(project, variant);
        }

        foreach (string variant in Variants)
        {
            await RunAsync(project, variant);
        }

        var suite = Variants.ToDictionary(v => v, _ => new List<double>());
        var process = Variants.ToDictionary(v => v, _ => new List<double>());
        var ratios = new Dictionary<string, List<double>> { ["Floor"] = [], ["Bare"] = [], ["FrameworkOverFloor"] = [], ["Attribute"] = [], ["Framework"] = [], ["FrameworkOverAttribute"] = [], ["AttributeProcess"] = [], ["FrameworkProcess"] = [] };
        for (int round = 0; round < rounds; round++)
        {
            var times = new Dictionary<string, (double Suite, double Process)>();
            for (int k = 0; k < Variants.Length; k++)
            {
                string variant = Variants[(k + round) % Variants.Length];
                times[variant] = await RunAsync(project, variant);
                suite[variant].Add(times[variant].Suite);
                process[variant].Add(times[variant].Process);
            }

            ratios["Floor"].Add(times["Floor"].Suite / times["None"].Suite);
            ratios["Bare"].Add(times["Bare"].Suite / times["None"].Suite);
            ratios["FrameworkOverFloor"].Add(times["Framework"].Suite / times["Floor"].Suite);
            ratios["Attribute"].Add(times["Attribute"].Suite / times["None"].Suite);
            ratios["Framework"].Add(times["Framework"].Suite / times["None"].Suite);
            ratios["FrameworkOverAttribute"].Add(times["Framework"].Suite / times["Attribute"].Suite);
            ratios["AttributeProcess"].Add(times["Attribute"].Process / times["None"].Process);
            ratios["FrameworkProcess"].Add(times["Framework"].Process / times["None"].Process);
        }

        return new SuiteResult(
            Variants.ToDictionary(v => v, v => Stats.Median(suite[v])),
            Variants.ToDictionary(v => v, v => Stats.Median(process[v])),
            ratios.ToDictionary(r => r.Key, r => Stats.Median(r.Value)));
    }

    private static async Task BuildAsync(string project, string variant)
    {
        var build = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = project };
        foreach (string arg in new[] { "build", "-c", "Release", $"-p:LeakCheck={variant}", "--nologo", "-v", "q" })
        {
            build.ArgumentList.Add(arg);
        }

        using var process = Process.Start(build)!;
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"Building the {variant} suite failed:\n{output}");
        }
    }

    private static async Task<(double Suite, double Process)> RunAsync(string project, string variant)
    {
        var run = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = project };
        run.ArgumentList.Add(Path.Combine(project, "bin", variant, "Release", "net10.0", "TaskLeakAssert.Benchmarks.Suite.dll"));
        run.Environment["NO_COLOR"] = "1";
        long start = Stopwatch.GetTimestamp();
        using var process = Process.Start(run)!;
        var error = process.StandardError.ReadToEndAsync();
        string output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        double processMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        var summary = SummaryLine().Match(output);
        if (process.ExitCode != 0 || !summary.Success || summary.Groups["failed"].Value != "0")
        {
            throw new InvalidOperationException($"The {variant} suite did not pass:\n{output}\n{await error}");
        }

        if (variant == "Bare" && RecordedTasks(await error) < MinimumTasksOfTheSuite)
        {
            throw new InvalidOperationException($"The Bare suite must record the run's tasks (at least {MinimumTasksOfTheSuite:N0}):\n{await error}");
        }

        return (double.Parse(summary.Groups["time"].Value, CultureInfo.InvariantCulture) * 1000, processMs);
    }

    private static long RecordedTasks(string standardError) =>
        BareRecordsLine().Match(standardError) is { Success: true } line ? long.Parse(line.Groups["count"].Value, CultureInfo.InvariantCulture) : 0;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TaskLeakAssert.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Run the benchmarks from the repository: TaskLeakAssert.sln was not found above " + AppContext.BaseDirectory);
    }

    // The suite's 600 fan-out rows alone start 12,000 tasks.
    private const long MinimumTasksOfTheSuite = 12_000;

    // Written by tests/TaskLeakAssert.Benchmarks.Suite/BareRecords.cs at exit.
    [GeneratedRegex(@"bare records: (?<count>\d+)")]
    private static partial Regex BareRecordsLine();

    // "   TaskLeakAssert.Benchmarks.Suite  Total: 684, Errors: 0, Failed: 0, Skipped: 0, Not Run: 0, Time: 0.687s"
    [GeneratedRegex(@"Total: \d+, Errors: \d+, Failed: (?<failed>\d+),.*Time: (?<time>[0-9.]+)s")]
    private static partial Regex SummaryLine();
}

/// <summary>Figure 9's medians: per variant (suite time, process time) and per-round ratios.</summary>
public sealed record SuiteResult(Dictionary<string, double> SuiteMs, Dictionary<string, double> ProcessMs, Dictionary<string, double> Ratios);
