using System.Collections.Immutable;
using System.Composition;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Operations;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// Fixes TLA002 in a method that the method with the token calls without it: the method gets the token as a
/// parameter, the caller passes it, and the loop uses it, by passing it to its wait or, for a loop that never awaits,
/// by checking it at the start of each turn (<c>token.ThrowIfCancellationRequested()</c>).
/// </summary>
/// <remarks>
/// The parameter is required when every call of the method is in the caller (all of them get the token), and
/// optional when the method is also called, or used as a delegate, elsewhere: those callers still compile.
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(PassTokenThroughCodeFix)), Shared]
public sealed class PassTokenThroughCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("TLA002");

    // One method changed per fix: a batch of them would add the parameter twice to a method with two loops.
    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

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
            var properties = diagnostic.Properties;
            if (FixProperties.FixOf(diagnostic) != FixProperties.PassTokenThroughFix
                || !properties.TryGetValue(FixProperties.Token, out var token) || token is null
                || !properties.TryGetValue(FixProperties.Caller, out var caller) || caller is null)
            {
                continue;
            }

            var node = root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true);
            if (node.FirstAncestorOrSelf<MethodDeclarationSyntax>() is not { Body: not null } callee)
            {
                continue;
            }

            // A method used as a delegate cannot get a parameter: the delegate's type fixes its signature.
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (model is null || model.GetDeclaredSymbol(callee, context.CancellationToken) is not { } calleeSymbol
                || MethodUses.In(calleeSymbol, root, model, context.CancellationToken).Any(use => use.Call is null))
            {
                continue;
            }

            bool busyLoop = properties.ContainsKey(FixProperties.BusyLoop);
            context.RegisterCodeFix(
                CodeAction.Create(
                    $"Pass '{token}' from {caller} to {callee.Identifier.Text}",
                    ct => PassThroughAsync(context.Document, diagnostic.Location.SourceSpan, callee, caller, token, busyLoop, ct),
                    equivalenceKey: FixProperties.PassTokenThroughFix),
                diagnostic);
        }
    }

    private static async Task<Document> PassThroughAsync(Document document, Microsoft.CodeAnalysis.Text.TextSpan flagged, MethodDeclarationSyntax callee, string caller, string token, bool busyLoop, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var model = editor.SemanticModel;
        if (model.GetDeclaredSymbol(callee, cancellationToken) is not { } calleeSymbol)
        {
            return document;
        }

        // Calls in the caller get the token; a call elsewhere (or a method others may call) keeps it optional.
        bool usedElsewhere = calleeSymbol.DeclaredAccessibility != Accessibility.Private;
        foreach (var (name, call) in MethodUses.In(calleeSymbol, editor.OriginalRoot, model, cancellationToken))
        {
            var inCaller = name.FirstAncestorOrSelf<MethodDeclarationSyntax>() is { } method && method.Identifier.Text == caller && method != callee;
            if (call is not null && inCaller)
            {
                editor.ReplaceNode(call.ArgumentList, call.ArgumentList.AddArguments(SyntaxFactory.Argument(SyntaxFactory.IdentifierName(token))));
            }
            else
            {
                usedElsewhere = true;
            }
        }

        bool optional = usedElsewhere || calleeSymbol.Parameters.Any(p => p.IsOptional || p.IsParams);
        editor.ReplaceNode(callee.ParameterList, callee.ParameterList.AddParameters(TokenArgument.Parameter(token, optional)));

        var flaggedNode = editor.OriginalRoot.FindNode(flagged, getInnermostNodeForTie: true);
        if (busyLoop)
        {
            if (flaggedNode.FirstAncestorOrSelf<StatementSyntax>(IsLoop) is { } loop && LoopBody(loop) is { } body)
            {
                editor.ReplaceNode(body, CheckingFirst(body, token));
            }
        }
        else if (flaggedNode.FirstAncestorOrSelf<InvocationExpressionSyntax>() is { } wait
            && model.GetOperation(wait, cancellationToken) is IInvocationOperation invocation)
        {
            editor.ReplaceNode(wait.ArgumentList, TokenArgument.Pass(wait, invocation, token));
        }

        return editor.GetChangedDocument();
    }

    private static bool IsLoop(StatementSyntax statement) =>
        statement is WhileStatementSyntax or DoStatementSyntax or ForStatementSyntax or CommonForEachStatementSyntax;

    private static StatementSyntax? LoopBody(StatementSyntax loop) => loop switch
    {
        WhileStatementSyntax l => l.Statement,
        DoStatementSyntax l => l.Statement,
        ForStatementSyntax l => l.Statement,
        CommonForEachStatementSyntax l => l.Statement,
        _ => null,
    };

    // { token.ThrowIfCancellationRequested(); …the loop's statements… }
    private static BlockSyntax CheckingFirst(StatementSyntax body, string token)
    {
        var check = SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
            SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(token), SyntaxFactory.IdentifierName("ThrowIfCancellationRequested"))));
        return body is BlockSyntax block
            ? block.WithStatements(block.Statements.Insert(0, check))
            : SyntaxFactory.Block(check, body).WithTriviaFrom(body);
    }
}
