using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// Fixes TLA003 on a method or local function that need not be async void: it returns Task, so its callers can
/// await it (or keep it, and await it when they stop).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(ReturnTaskCodeFix)), Shared]
public sealed class ReturnTaskCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("TLA003");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FixProperties.FixOf(diagnostic) != FixProperties.ReturnTaskFix)
            {
                continue;
            }

            var returnType = root.FindToken(diagnostic.Location.SourceSpan.Start).Parent?.AncestorsAndSelf() switch
            {
                { } ancestors => ReturnTypeOf(ancestors),
                null => null,
            };
            if (returnType is not null)
            {
                context.RegisterCodeFix(
                    CodeAction.Create("Return Task", ct => ReturnTaskAsync(context.Document, returnType, ct), equivalenceKey: FixProperties.ReturnTaskFix),
                    diagnostic);
            }
        }
    }

    private static TypeSyntax? ReturnTypeOf(System.Collections.Generic.IEnumerable<SyntaxNode> ancestors)
    {
        foreach (var node in ancestors)
        {
            switch (node)
            {
                case MethodDeclarationSyntax method:
                    return method.ReturnType;
                case LocalFunctionStatementSyntax local:
                    return local.ReturnType;
            }
        }

        return null;
    }

    private static async Task<Document> ReturnTaskAsync(Document document, TypeSyntax returnType, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // Fully qualified and marked for simplification: it reads as Task where System.Threading.Tasks is imported.
        var task = SyntaxFactory.ParseTypeName("global::System.Threading.Tasks.Task")
            .WithTriviaFrom(returnType)
            .WithAdditionalAnnotations(Simplifier.Annotation);
        return document.WithSyntaxRoot(root.ReplaceNode(returnType, task));
    }
}
