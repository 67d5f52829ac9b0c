using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// Fixes TLA002 and TLA005 where the method has a token: passes it to the wait (<c>Task.Delay(1000)</c> becomes
/// <c>Task.Delay(1000, stoppingToken)</c>; a <c>CancellationToken.None</c> or <c>default</c> given becomes the token),
/// or awaits a TaskCompletionSource with it (<c>await tcs.Task.WaitAsync(token)</c>).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassTokenCodeFix)), Shared]
public sealed class PassTokenCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("TLA002", "TLA005");

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
            var fix = FixProperties.FixOf(diagnostic);
            if (!diagnostic.Properties.TryGetValue(FixProperties.Token, out var token) || token is null || fix is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (fix == FixProperties.PassTokenFix && node.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } call)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Pass '{token}'", ct => PassAsync(context.Document, call, token, ct), equivalenceKey: FixProperties.PassTokenFix),
                    diagnostic);
            }
            else if (fix == FixProperties.WaitWithTokenFix && node.FirstAncestorOrSelf<AwaitExpressionSyntax>() is { } wait)
            {
                context.RegisterCodeFix(
                    CodeAction.Create($"Wait with '{token}'", ct => WaitWithAsync(context.Document, wait, token, ct), equivalenceKey: FixProperties.WaitWithTokenFix),
                    diagnostic);
            }
        }
    }

    private static async Task<Document> PassAsync(Document document, InvocationExpressionSyntax call, string token, CancellationToken cancellationToken)
    {
        var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (model is null || root is null || model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation)
        {
            return document;
        }

        var arguments = TokenArgument.Pass(call, invocation, token);
        return document.WithSyntaxRoot(root.ReplaceNode(call.ArgumentList, arguments));
    }

    private static async Task<Document> WaitWithAsync(Document document, AwaitExpressionSyntax wait, string token, CancellationToken cancellationToken)
    {
        var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
        if (root is null)
        {
            return document;
        }

        // await tcs.Task  →  await tcs.Task.WaitAsync(token)
        var awaited = wait.Expression.WithoutTrivia();
        var waitAsync = SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, awaited, SyntaxFactory.IdentifierName("WaitAsync")),
            SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token)))));
        return document.WithSyntaxRoot(root.ReplaceNode(wait.Expression, waitAsync.WithTriviaFrom(wait.Expression)));
    }
}
