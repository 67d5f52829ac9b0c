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

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// Fixes TLA004: the timer is disposed where the type is stopped, first thing in its StopAsync, DisposeAsync or
/// Dispose (in that order, the first this declaration has); a BackgroundService without one gets a Dispose
/// override. No fix when the type's stop path is declared elsewhere (another part of a partial type, a base class).
/// </summary>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(DisposeTimerCodeFix)), Shared]
public sealed class DisposeTimerCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("TLA004");

    /// <inheritdoc/>
    public override FixAllProvider GetFixAllProvider() => WellKnownFixAllProviders.BatchFixer;

    /// <inheritdoc/>
    public override async Task RegisterCodeFixesAsync(CodeFixContext context)
    {
        var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
        var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
        if (root is null || model is null)
        {
            return;
        }

        foreach (var diagnostic in context.Diagnostics)
        {
            if (FixProperties.FixOf(diagnostic) != FixProperties.DisposeTimerFix
                || !diagnostic.Properties.TryGetValue(FixProperties.Field, out var field) || field is null
                || root.FindNode(diagnostic.Location.SourceSpan).FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type)
            {
                continue;
            }

            var stop = StopPath.MethodIn(type);
            if (stop is null && !StopPath.IsBackgroundService(model.GetDeclaredSymbol(type, context.CancellationToken)))
            {
                continue;
            }

            string where = stop?.Identifier.Text ?? "Dispose";
            context.RegisterCodeFix(
                CodeAction.Create($"Dispose '{field}' in {where}", ct => DisposeAsync(context.Document, type, stop, field, ct), equivalenceKey: FixProperties.DisposeTimerFix + field),
                diagnostic);
        }
    }

    private static async Task<Document> DisposeAsync(Document document, TypeDeclarationSyntax type, MethodDeclarationSyntax? stop, string field, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);

        // _timer?.Dispose(); — the field may not be created yet when the type is stopped.
        var dispose = SyntaxFactory.ExpressionStatement(SyntaxFactory.ConditionalAccessExpression(
            SyntaxFactory.IdentifierName(field),
            SyntaxFactory.InvocationExpression(SyntaxFactory.MemberBindingExpression(SyntaxFactory.IdentifierName("Dispose")))));

        if (stop is null)
        {
            // public override void Dispose() { _timer?.Dispose(); base.Dispose(); }
            var baseDispose = SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.BaseExpression(), SyntaxFactory.IdentifierName("Dispose"))));
            var method = SyntaxFactory.MethodDeclaration(SyntaxFactory.PredefinedType(SyntaxFactory.Token(SyntaxKind.VoidKeyword)), "Dispose")
                .AddModifiers(SyntaxFactory.Token(SyntaxKind.PublicKeyword), SyntaxFactory.Token(SyntaxKind.OverrideKeyword))
                .WithBody(SyntaxFactory.Block(dispose, baseDispose));
            editor.AddMember(type, method);
        }
        else if (stop.Body is { } body)
        {
            editor.ReplaceNode(body, body.WithStatements(body.Statements.Insert(0, dispose)));
        }
        else if (stop.ExpressionBody is { } expressionBody)
        {
            // => expression;  becomes  { _timer?.Dispose(); [return] expression; }
            bool returnsValue = !stop.Modifiers.Any(SyntaxKind.AsyncKeyword)
                && !(stop.ReturnType is PredefinedTypeSyntax predefined && predefined.Keyword.IsKind(SyntaxKind.VoidKeyword));
            StatementSyntax rest = returnsValue
                ? SyntaxFactory.ReturnStatement(expressionBody.Expression)
                : SyntaxFactory.ExpressionStatement(expressionBody.Expression);
            editor.ReplaceNode(stop, stop.WithExpressionBody(null).WithSemicolonToken(default).WithBody(SyntaxFactory.Block(dispose, rest)));
        }

        return editor.GetChangedDocument();
    }
}
