using System.Diagnostics;
using System.Xml.Linq;

namespace TaskLeakAssert.Tests.Shared;

/// <summary>One test of a fixture project, as the real runner reported it.</summary>
public sealed record FixtureResult(string Outcome, string Message, string Output = "", string Errors = "");

/// <summary>
/// A fixture project's run: each test's result by name, and what the run reported outside any test (a
/// fixture's cleanup failure, for example): the run's output and its error lines.
/// </summary>
public sealed class FixtureRun(IDictionary<string, FixtureResult> results, string runOutput, IReadOnlyList<string> runErrors)
    : System.Collections.ObjectModel.ReadOnlyDictionary<string, FixtureResult>(results)
{
    public string RunOutput { get; } = runOutput;

    public IReadOnlyList<string> RunErrors { get; } = runErrors;
}

/// <summary>
/// Runs a fixture project of deliberately leaky and clean tests through the real test framework
/// (<c>dotnet test</c> in a subprocess, with a TRX logger) and reads back what the runner reported.
/// The fixture references the adapter assemblies from the calling test's output folder, so it never
/// builds (or races on) the library projects themselves.
/// </summary>
public static class FixtureRunner
{
    private static readonly XNamespace Trx = "http://microsoft.com/schemas/VisualStudio/TeamTest/2010";

    /// <param name="fixtureFolder">The fixture project's folder under tests/Fixtures.</param>
    /// <param name="limit">The run is killed after this long.</param>
    /// <param name="environment">Extra environment variables for the run, for example a JIT setting.</param>
    /// <param name="adapterDir">The folder with the adapter assemblies; by default the calling test's output folder.</param>
    public static async Task<FixtureRun> RunAsync(string fixtureFolder, TimeSpan limit, IReadOnlyDictionary<string, string>? environment = null, string? adapterDir = null)
    {
        string project = Path.Combine(RepositoryRoot(), "tests", "Fixtures", fixtureFolder, fixtureFolder + ".csproj");
        string results = Directory.CreateTempSubdirectory("taskleakassert-fixture-").FullName;
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in new[] { "test", project, "--logger", "trx;LogFileName=fixture.trx", "--results-directory", results, $"-p:AdapterDir={adapterDir ?? AppContext.BaseDirectory}" })
        {
            start.ArgumentList.Add(arg);
        }

        // The outer test host's own settings must not steer the inner run.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase) || k.StartsWith("TESTINGPLATFORM", StringComparison.OrdinalIgnoreCase)).ToArray())
        {
            start.Environment.Remove(name);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(limit);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"The fixture run of {fixtureFolder} took longer than {limit}.\n{await output}\n{await errors}");
        }

        string trx = Path.Combine(results, "fixture.trx");
        if (!File.Exists(trx))
        {
            throw new InvalidOperationException($"The fixture run of {fixtureFolder} wrote no TRX (exit {process.ExitCode}).\n{await output}\n{await errors}");
        }

        var document = XDocument.Load(trx);
        var summary = document.Descendants(Trx + "ResultSummary").FirstOrDefault();
        string runOutput = (string?)summary?.Element(Trx + "Output")?.Element(Trx + "StdOut") ?? string.Empty;
        var runErrors = summary?.Descendants(Trx + "RunInfo").Where(r => (string?)r.Attribute("outcome") == "Error").Select(r => (string)r.Element(Trx + "Text")!).ToArray() ?? [];
        var tests = document.Descendants(Trx + "UnitTestResult").ToDictionary(
            r => (string)r.Attribute("testName")!,
            r => new FixtureResult(
                (string)r.Attribute("outcome")!,
                (string?)r.Element(Trx + "Output")?.Element(Trx + "ErrorInfo")?.Element(Trx + "Message") ?? string.Empty,
                (string?)r.Element(Trx + "Output")?.Element(Trx + "StdOut") ?? string.Empty,
                (string?)r.Element(Trx + "Output")?.Element(Trx + "StdErr") ?? string.Empty));
        return new FixtureRun(tests, runOutput, runErrors);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "TaskLeakAssert.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("TaskLeakAssert.sln not found above " + AppContext.BaseDirectory);
    }
}
