using System.Collections.Generic;
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
using Microsoft.CodeAnalysis.Formatting;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// Fixes TLA001 in a type that is stopped, with the tracked-set pattern: the type gets a CancellationTokenSource and
/// a list of the tasks it started; the forgotten task is added to the list and its work given the source's token;
/// the type's StopAsync (or DisposeAsync) cancels the source and awaits the tasks, its Dispose cancels the source.
/// </summary>
/// <remarks>
/// The work gets the token where the fix can pass it: a method of the type started by name (<c>Task.Run(PumpAsync)</c>,
/// <c>_ = PumpAsync()</c>) gets a token parameter, and its loops are then TLA002's to fix; any other delegate gets
/// the token as Task.Run's or StartNew's own (it stops the work from starting, and the delegate can read it).
/// </remarks>
[ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(KeepTaskCodeFix)), Shared]
public sealed class KeepTaskCodeFix : CodeFixProvider
{
    /// <inheritdoc/>
    public override ImmutableArray<string> FixableDiagnosticIds { get; } = ImmutableArray.Create("TLA001");

    // Each fix adds the type's fields: a batch would add them once per task.
    /// <inheritdoc/>
    public override FixAllProvider? GetFixAllProvider() => null;

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
            if (FixProperties.FixOf(diagnostic) != FixProperties.KeepTaskFix
                || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true).FirstAncestorOrSelf<InvocationExpressionSyntax>() is not { } call
                || StatementOf(call) is not { } statement
                || statement.FirstAncestorOrSelf<TypeDeclarationSyntax>() is not { } type
                || StopPath.MethodIn(type) is not { } stop
                || !CanAwaitIn(stop)
                || stop.Span.Contains(statement.Span)
                || Plan(call, type, root, model, context.CancellationToken) is not { } plan
                || (plan.Extend is { } extend && (extend.Span.Contains(statement.Span) || extend == stop)))
            {
                // A task dropped in the stop path itself, or by the method it starts, is left to the user: the fix
                // would edit one method twice.
                continue;
            }

            context.RegisterCodeFix(
                CodeAction.Create($"Keep the task, cancel and await it in {stop.Identifier.Text}", ct => KeepAsync(context.Document, statement, call, type, stop, plan, ct), equivalenceKey: FixProperties.KeepTaskFix),
                diagnostic);
        }
    }

    // How the work gets the token.
    private sealed class WorkPlan(MethodDeclarationSyntax? extend, bool extendOptional, bool asDelegate)
    {
        /// <summary>The started method of the type that gets a token parameter; null when Task.Run or StartNew takes the token.</summary>
        public MethodDeclarationSyntax? Extend { get; } = extend;

        public bool ExtendOptional { get; } = extendOptional;

        /// <summary>The method was given to Task.Run as a method group: it becomes a lambda that passes the token.</summary>
        public bool AsDelegate { get; } = asDelegate;
    }

    // _ = X;  or  X;  — the statement that drops the task.
    private static ExpressionStatementSyntax? StatementOf(InvocationExpressionSyntax call) => call.Parent switch
    {
        ExpressionStatementSyntax statement => statement,
        AssignmentExpressionSyntax { Left: IdentifierNameSyntax { Identifier.Text: "_" }, Parent: ExpressionStatementSyntax statement } assignment when assignment.Right == call => statement,
        _ => null,
    };

    // StopAsync and DisposeAsync await the tasks, which they can when async or expression-bodied; Dispose only cancels.
    private static bool CanAwaitIn(MethodDeclarationSyntax stop) =>
        stop.Identifier.Text == "Dispose" || stop.Modifiers.Any(SyntaxKind.AsyncKeyword) || stop.ExpressionBody is not null;

    private static WorkPlan? Plan(InvocationExpressionSyntax call, TypeDeclarationSyntax type, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        if (model.GetOperation(call, cancellationToken) is not IInvocationOperation invocation)
        {
            return null;
        }

        var target = invocation.TargetMethod;
        bool isStarter = (target.Name == "Run" && target.ContainingType is { Name: "Task" }) || (target.Name == "StartNew" && target.ContainingType.Name == "TaskFactory");
        if (isStarter)
        {
            if (invocation.Arguments.Length != 1 && !(invocation.Arguments.Length > 1 && invocation.Arguments.Skip(1).All(a => a.ArgumentKind == ArgumentKind.DefaultValue)))
            {
                return null;
            }

            // Task.Run(PumpAsync) with a parameterless method of this type: Task.Run(() => PumpAsync(token)).
            if (OperationFacts.Unwrapped(invocation.Arguments[0].Value) is IDelegateCreationOperation { Target: IMethodReferenceOperation { Method: var started } }
                && OwnMethodToExtend(started, type, root, model, cancellationToken, allowDelegateUse: call) is { } extend)
            {
                return new WorkPlan(extend.Declaration, extend.Optional, asDelegate: true);
            }

            return call.ArgumentList.Arguments.Count == 1 ? new WorkPlan(null, false, asDelegate: false) : null;
        }

        // _ = PumpAsync(): PumpAsync(token).
        return OwnMethodToExtend(target, type, root, model, cancellationToken, allowDelegateUse: null) is { } own
            ? new WorkPlan(own.Declaration, own.Optional, asDelegate: false)
            : null;
    }

    // A method of this type declared here, with no token yet, whose every use is a call (or the one delegate use
    // being fixed): it can get a token parameter, optional when it is called elsewhere too.
    private static (MethodDeclarationSyntax Declaration, bool Optional)? OwnMethodToExtend(IMethodSymbol method, TypeDeclarationSyntax type, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken, InvocationExpressionSyntax? allowDelegateUse)
    {
        var declaration = method.DeclaringSyntaxReferences.Select(r => r.GetSyntax(cancellationToken)).OfType<MethodDeclarationSyntax>().FirstOrDefault(d => d.Parent == type);
        if (declaration is null
            || (declaration.Body is null && declaration.ExpressionBody is null)
            || method.Parameters.Any(p => TokenArgument.IsCancellationToken(p.Type))
            || (allowDelegateUse is not null && method.Parameters.Length > 0))
        {
            return null;
        }

        int calls = 0;
        foreach (var (name, useCall) in MethodUses.In(method, root, model, cancellationToken))
        {
            if (useCall is null && !(allowDelegateUse is not null && name.FirstAncestorOrSelf<InvocationExpressionSyntax>() == allowDelegateUse))
            {
                return null;
            }

            calls += useCall is null ? 0 : 1;
        }

        bool optional = calls > (allowDelegateUse is null ? 1 : 0) || method.DeclaredAccessibility != Accessibility.Private || method.Parameters.Any(p => p.IsOptional || p.IsParams);
        return (declaration, optional);
    }

    private static async Task<Document> KeepAsync(Document document, ExpressionStatementSyntax statement, InvocationExpressionSyntax call, TypeDeclarationSyntax type, MethodDeclarationSyntax stop, WorkPlan plan, CancellationToken cancellationToken)
    {
        var editor = await DocumentEditor.CreateAsync(document, cancellationToken).ConfigureAwait(false);
        var typeSymbol = editor.SemanticModel.GetDeclaredSymbol(type, cancellationToken);
        var taken = new HashSet<string>(typeSymbol?.GetMembers().Select(m => m.Name) ?? []);
        string source = Unique("_stopWork", taken);
        string tasks = Unique("_work", taken);
        var token = SyntaxFactory.ParseExpression($"{source}.Token");

        // The work gets the token: as the new parameter of the method it starts (by name after arguments left out), or
        // as Task.Run's or StartNew's own.
        var extend = plan.Extend;
        string? parameter = extend is null ? null
            : extend.ParameterList.Parameters.Any(p => p.Identifier.Text == "cancellationToken") ? "stopToken" : "cancellationToken";
        var started = plan.AsDelegate
            ? call.WithArgumentList(SyntaxFactory.ParseArgumentList($"(() => {extend!.Identifier.Text}({source}.Token))"))
            : call.WithArgumentList(call.ArgumentList.AddArguments(
                parameter is not null && call.ArgumentList.Arguments.Count < extend!.ParameterList.Parameters.Count
                    ? SyntaxFactory.Argument(SyntaxFactory.NameColon(parameter), default, token)
                    : SyntaxFactory.Argument(token)));
        if (extend is not null)
        {
            editor.ReplaceNode(extend.ParameterList, extend.ParameterList.AddParameters(TokenArgument.Parameter(parameter!, plan.ExtendOptional)));
        }

        // lock (_work) { _work.Add(…); }
        var keep = SyntaxFactory.LockStatement(
            SyntaxFactory.IdentifierName(tasks),
            SyntaxFactory.Block(SyntaxFactory.ExpressionStatement(SyntaxFactory.InvocationExpression(
                SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, SyntaxFactory.IdentifierName(tasks), SyntaxFactory.IdentifierName("Add")),
                SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(started.WithoutTrivia())))))));
        editor.ReplaceNode(statement, keep.WithTriviaFrom(statement).WithAdditionalAnnotations(Formatter.Annotation));

        editor.ReplaceNode(stop, StoppingIn(stop, source, tasks));

        editor.InsertMembers(type, 0,
        [
            Field($"private readonly global::System.Threading.CancellationTokenSource {source} = new();"),
            Field($"private readonly global::System.Collections.Generic.List<global::System.Threading.Tasks.Task> {tasks} = new();"),
        ]);
        return editor.GetChangedDocument();
    }

    // StopAsync / DisposeAsync: cancel, then await what was started; Dispose: cancel.
    private static MethodDeclarationSyntax StoppingIn(MethodDeclarationSyntax stop, string source, string tasks)
    {
        var statements = new List<StatementSyntax> { Statement($"{source}.Cancel();") };
        if (stop.Identifier.Text != "Dispose")
        {
            string wait = stop.Identifier.Text == "StopAsync" ? $".WaitAsync({stop.ParameterList.Parameters[0].Identifier.Text})" : string.Empty;
            statements.Add(Statement("global::System.Threading.Tasks.Task[] started;"));
            statements.Add(Statement($"lock ({tasks}) {{ started = {tasks}.ToArray(); }}"));
            statements.Add(Statement($"try {{ await global::System.Threading.Tasks.Task.WhenAll(started){wait}; }} catch (global::System.OperationCanceledException) {{ }}"));
        }

        bool isAsync = stop.Modifiers.Any(SyntaxKind.AsyncKeyword);
        bool becomesAsync = !isAsync && stop.Identifier.Text != "Dispose";
        if (stop.Body is { } body)
        {
            return stop.WithBody(body.WithStatements(body.Statements.InsertRange(0, statements)));
        }

        // An expression body: it runs after the new statements, awaited where the method becomes async.
        var expression = stop.ExpressionBody!.Expression;
        if (!IsCompletedTask(expression))
        {
            statements.Add(becomesAsync || isAsync && expression is AwaitExpressionSyntax
                ? SyntaxFactory.ExpressionStatement(expression is AwaitExpressionSyntax ? expression : SyntaxFactory.AwaitExpression(expression))
                : SyntaxFactory.ExpressionStatement(expression));
        }

        var method = stop.WithExpressionBody(null).WithSemicolonToken(default).WithBody(SyntaxFactory.Block(statements));
        return becomesAsync ? method.AddModifiers(SyntaxFactory.Token(SyntaxKind.AsyncKeyword)) : method;
    }

    private static bool IsCompletedTask(ExpressionSyntax expression) =>
        expression is MemberAccessExpressionSyntax { Name.Identifier.Text: "CompletedTask" };

    private static StatementSyntax Statement(string text) =>
        SyntaxFactory.ParseStatement(text).NormalizeWhitespace(elasticTrivia: true).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);

    private static MemberDeclarationSyntax Field(string text) =>
        SyntaxFactory.ParseMemberDeclaration(text)!.NormalizeWhitespace(elasticTrivia: true).WithTrailingTrivia(SyntaxFactory.ElasticCarriageReturnLineFeed).WithAdditionalAnnotations(Formatter.Annotation, Simplifier.Annotation);

    private static string Unique(string name, HashSet<string> taken)
    {
        string candidate = name;
        for (int i = 2; taken.Contains(candidate); i++)
        {
            candidate = name + i;
        }

        taken.Add(candidate);
        return candidate;
    }
}
