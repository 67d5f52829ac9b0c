using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Xunit;

namespace TaskLeakAssert.Analyzers.Tests;

/// <summary>
/// The demo's services (samples/OrderProcessing), each a buggy and a fixed variant of one shutdown bug: the analyzers
/// flag the buggy variants and nothing else. (The library's own src/ is checked by its build: the analyzers run on
/// it there, with warnings as errors.)
/// </summary>
public sealed class SampleTests
{
    private static readonly ImmutableArray<DiagnosticAnalyzer> Analyzers =
        [new ForgottenTaskAnalyzer(), new UnobservedTokenAnalyzer(), new AsyncVoidAnalyzer(), new UndisposedTimerAnalyzer(), new EndlessWaitAnalyzer()];

    [Fact]
    public async Task The_demos_buggy_services_are_flagged_and_nothing_else_is()
    {
        var found = await AnalyzeAsync(Path.Combine(RepositoryRoot(), "samples", "OrderProcessing"));

        // Five of the six services; the sixth, CacheRefresher's undisposed timer, is disposed on the fixed variant's
        // path of the same StopAsync, which TLA004 (a rule on the type: disposed anywhere) cannot tell apart.
        Assert.Equal(
            [
                "AuditForwarder.cs TLA001 _ = Task.Run(ForwardForeverAsync);",
                "FraudScorer.cs TLA002 while (!options.Released)",
                "OrderConsumer.cs TLA002 while (await queue.Reader.WaitToReadAsync())",
                "OrderNotifier.cs TLA003 private async void OnOrderProcessedAsync(object? sender, Order order)",
                "PaymentPoller.cs TLA002 await Task.Delay(Interval);",
            ],
            found);
    }

    private static async Task<string[]> AnalyzeAsync(string projectDirectory)
    {
        var trees = Directory.EnumerateFiles(projectDirectory, "*.cs", SearchOption.AllDirectories)
            .Where(path => !path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), new CSharpParseOptions(LanguageVersion.Latest), path))
            .Append(CSharpSyntaxTree.ParseText(ImplicitUsings, new CSharpParseOptions(LanguageVersion.Latest), "Usings.g.cs"));
        var compilation = CSharpCompilation.Create(
            "OrderProcessing",
            trees,
            References.WithDependencies,
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable));
        Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

        var diagnostics = await compilation.WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.Select(d => $"{Path.GetFileName(d.Location.SourceTree!.FilePath)} {d.Id} {LineOf(d)}").Order(StringComparer.Ordinal)];
    }

    private static string LineOf(Diagnostic diagnostic)
    {
        var span = diagnostic.Location.GetLineSpan();
        return diagnostic.Location.SourceTree!.GetText().Lines[span.StartLinePosition.Line].ToString().Trim();
    }

    // What the SDK's implicit usings give the sample project.
    private const string ImplicitUsings = """
        global using System;
        global using System.Collections.Generic;
        global using System.IO;
        global using System.Linq;
        global using System.Net.Http;
        global using System.Threading;
        global using System.Threading.Tasks;
        """;

    private static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TaskLeakAssert.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No TaskLeakAssert.sln above {AppContext.BaseDirectory}.");
    }
}
