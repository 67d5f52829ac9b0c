using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;

namespace TaskLeakAssert.Analyzers.Tests;

/// <summary>
/// The demo's service project (samples/OrderProcessing) as Roslyn sees it: its sources with the SDK's implicit usings,
/// compiled against this test process's assemblies, analyzed by every TaskLeakAssert analyzer, and fixed by its code
/// fixes as a user would (apply a fix, build again, until no diagnostic offers one).
/// </summary>
public static class SampleProject
{
    public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
        [new ForgottenTaskAnalyzer(), new UnobservedTokenAnalyzer(), new AsyncVoidAnalyzer(), new UndisposedTimerAnalyzer(), new EndlessWaitAnalyzer()];

    public static ImmutableArray<CodeFixProvider> Fixes { get; } =
        [new KeepTaskCodeFix(), new PassTokenCodeFix(), new PassTokenThroughCodeFix(), new ReturnTaskCodeFix(), new DisposeTimerCodeFix()];

    /// <summary>The sample's project in a fresh workspace.</summary>
    public static Project Load()
    {
        var workspace = new AdhocWorkspace();
        var project = workspace.AddProject(ProjectInfo.Create(
            ProjectId.CreateNewId(),
            VersionStamp.Create(),
            "OrderProcessing",
            "OrderProcessing",
            LanguageNames.CSharp,
            compilationOptions: new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, nullableContextOptions: NullableContextOptions.Enable),
            parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
            metadataReferences: References.WithDependencies));
        var directory = Path.Combine(RepositoryRoot(), "samples", "OrderProcessing");
        foreach (var path in Directory.EnumerateFiles(directory, "*.cs", SearchOption.AllDirectories).Where(p => !IsBuildOutput(p)).Order(StringComparer.Ordinal))
        {
            project = project.AddDocument(Path.GetFileName(path), SourceText.From(File.ReadAllText(path)), filePath: path).Project;
        }

        return project.AddDocument("Usings.g.cs", SourceText.From(ImplicitUsings), filePath: "Usings.g.cs").Project;
    }

    /// <summary>The compilation of <paramref name="project"/>, which must have no compiler error.</summary>
    public static async Task<Compilation> CompileAsync(Project project)
    {
        var compilation = (await project.GetCompilationAsync())!;
        var errors = compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error).ToArray();
        if (errors.Length > 0)
        {
            throw new InvalidOperationException("The sample does not compile:\n" + string.Join("\n", errors.Select(e => e.ToString())));
        }

        return compilation;
    }

    /// <summary>Each diagnostic as "File.cs TLA00n the flagged line", in order.</summary>
    public static async Task<string[]> DiagnosticsAsync(Project project)
    {
        var diagnostics = await (await CompileAsync(project)).WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync();
        return [.. diagnostics.Select(Describe).Order(StringComparer.Ordinal)];
    }

    /// <summary>
    /// Applies the first fix offered for a diagnostic and analyzes again, until no diagnostic offers one (at most
    /// <paramref name="limit"/> fixes). Returns the fixed project and the fixes applied, as "File.cs TLA00n: fix title".
    /// </summary>
    public static async Task<(Project Project, string[] Applied)> FixAllAsync(Project project, int limit = 20)
    {
        var applied = new List<string>();
        while (applied.Count < limit)
        {
            var diagnostics = await (await CompileAsync(project)).WithAnalyzers(Analyzers).GetAnalyzerDiagnosticsAsync();
            var next = await FirstFixAsync(project, diagnostics);
            if (next is null)
            {
                break;
            }

            var (diagnostic, action) = next.Value;
            var change = (await action.GetOperationsAsync(CancellationToken.None)).OfType<ApplyChangesOperation>().Single();
            project = change.ChangedSolution.GetProject(project.Id)!;
            applied.Add($"{Path.GetFileName(diagnostic.Location.SourceTree!.FilePath)} {diagnostic.Id}: {action.Title}");
        }

        return (project, [.. applied]);
    }

    private static async Task<(Diagnostic, CodeAction)?> FirstFixAsync(Project project, ImmutableArray<Diagnostic> diagnostics)
    {
        foreach (var diagnostic in diagnostics.OrderBy(d => d.Location.SourceTree!.FilePath, StringComparer.Ordinal).ThenBy(d => d.Location.SourceSpan.Start))
        {
            var document = project.GetDocument(diagnostic.Location.SourceTree);
            foreach (var fix in Fixes.Where(f => f.FixableDiagnosticIds.Contains(diagnostic.Id)))
            {
                var actions = new List<CodeAction>();
                await fix.RegisterCodeFixesAsync(new CodeFixContext(document!, diagnostic, (action, _) => actions.Add(action), CancellationToken.None));
                if (actions.Count > 0)
                {
                    return (diagnostic, actions[0]);
                }
            }
        }

        return null;
    }

    private static string Describe(Diagnostic diagnostic)
    {
        var line = diagnostic.Location.GetLineSpan().StartLinePosition.Line;
        return $"{Path.GetFileName(diagnostic.Location.SourceTree!.FilePath)} {diagnostic.Id} {diagnostic.Location.SourceTree.GetText().Lines[line].ToString().Trim()}";
    }

    private static bool IsBuildOutput(string path) =>
        path.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
        || path.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal);

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
