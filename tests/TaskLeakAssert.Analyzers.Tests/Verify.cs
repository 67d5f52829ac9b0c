using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace TaskLeakAssert.Analyzers.Tests;

/// <summary>
/// Runs an analyzer over source with Roslyn's testing framework. The code compiles against the running .NET's own
/// assemblies and Microsoft.Extensions.Hosting.Abstractions: no reference package is downloaded while tests run.
/// </summary>
public static class Verify<TAnalyzer>
    where TAnalyzer : DiagnosticAnalyzer, new()
{
    public static DiagnosticResult Diagnostic(string id) => new(id, DiagnosticSeverity.Warning);

    public static Task NoDiagnosticsAsync(string source) => DiagnosticsAsync(source);

    public static async Task DiagnosticsAsync(string source, params DiagnosticResult[] expected)
    {
        var test = new CSharpAnalyzerTest<TAnalyzer, DefaultVerifier>
        {
            TestCode = source,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
        };
        test.TestState.AdditionalReferences.AddRange(References.Framework);
        test.ExpectedDiagnostics.AddRange(expected);
        await test.RunAsync();
    }
}

/// <summary>What test sources compile against.</summary>
public static class References
{
    public static ImmutableArray<MetadataReference> Framework { get; } = Load();

    /// <summary>Every assembly this test process may load (its deps.json): the framework and the samples' packages.</summary>
    public static ImmutableArray<MetadataReference> WithDependencies { get; } =
        [.. ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
            .Where(path => !Path.GetFileName(path).StartsWith("TaskLeakAssert", StringComparison.Ordinal) && !Path.GetFileName(path).StartsWith("OrderProcessing", StringComparison.Ordinal))
            .Select(path => MetadataReference.CreateFromFile(path))];

    private static ImmutableArray<MetadataReference> Load()
    {
        string runtime = Path.GetDirectoryName(typeof(object).Assembly.Location)!;
        var framework = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!)
            .Split(Path.PathSeparator)
            .Where(path => Path.GetDirectoryName(path) == runtime);
        return [.. framework.Append(typeof(Microsoft.Extensions.Hosting.IHostedService).Assembly.Location).Select(path => MetadataReference.CreateFromFile(path))];
    }
}
