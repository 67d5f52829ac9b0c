using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// TLA002: a loop that never observes the token it has. In a method given a CancellationToken (a BackgroundService's
/// ExecuteAsync), a loop that never reads a token and waits in a call that would take one (Task.Delay, ReadAsync,
/// WaitToReadAsync, WaitForNextTickAsync…) without it; or a method of the same type that such a method calls without
/// any token, whose loop does that, or never awaits at all. Cancellation cannot reach the loop.
/// </summary>
/// <remarks>
/// A loop that reads any token (the parameter, a linked source's, a field's) is left alone: it is stopped, if later
/// than it could be. A method of another file is not followed (an analyzer gets the semantic model of one file).
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UnobservedTokenAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.UnobservedToken);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownTypes.For(start.Compilation);
            if (known.CancellationToken is null)
            {
                return;
            }

            start.RegisterOperationAction(c => OnMethodBody(c, known), OperationKind.MethodBody);
        });
    }

    private static void OnMethodBody(OperationAnalysisContext context, KnownTypes known)
    {
        if (context.ContainingSymbol is not IMethodSymbol method)
        {
            return;
        }

        var body = context.Operation;
        if (method.Parameters.FirstOrDefault(p => known.IsCancellationToken(p.Type)) is { } token)
        {
            foreach (var loop in OwnLoops(body))
            {
                if (!ReadsToken(loop, known) && FirstCallMissingToken(loop, known) is { } call)
                {
                    context.ReportDiagnostic(Diagnostic.Create(
                        Rules.UnobservedToken,
                        call.Syntax.GetLocation(),
                        FixProperties.PassToken(token.Name),
                        string.Format(System.Globalization.CultureInfo.InvariantCulture, Rules.UnobservedTokenMessage, OperationFacts.Shortened(call, 60), method.Name, token.Name)));
                }
            }

            return;
        }

        // A method with no token, whose loops read none: reported here (where its code fix applies) when a method of
        // its type that has a token calls it without any.
        foreach (var loop in OwnLoops(body))
        {
            if (ReadsToken(loop, known))
            {
                continue;
            }

            var waiting = FirstCallMissingToken(loop, known);
            if ((waiting is null && !IsBusyLoop(loop)) || CallerWithToken(method, body.SemanticModel, known, context.CancellationToken) is not { } caller)
            {
                continue;
            }

            var (callerMethod, callerToken) = caller;
            var properties = FixProperties.PassTokenThrough(callerToken.Name, callerMethod.Name, busyLoop: waiting is null);
            context.ReportDiagnostic(waiting is not null
                ? Diagnostic.Create(Rules.UnobservedToken, waiting.Syntax.GetLocation(), properties,
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, Rules.UnobservedTokenCalleeMessage, OperationFacts.Shortened(waiting, 60), method.Name, callerMethod.Name, callerToken.Name))
                : Diagnostic.Create(Rules.UnobservedToken, LoopKeyword(loop), properties,
                    string.Format(System.Globalization.CultureInfo.InvariantCulture, Rules.UnobservedTokenBusyLoopMessage, method.Name, callerMethod.Name, callerToken.Name)));
        }
    }

    // The first method of the same type, in this file, that has a token and calls this one handing it none.
    private static (IMethodSymbol Method, IParameterSymbol Token)? CallerWithToken(IMethodSymbol callee, SemanticModel? model, KnownTypes known, System.Threading.CancellationToken cancellationToken)
    {
        if (model is null)
        {
            return null;
        }

        foreach (var reference in callee.ContainingType.DeclaringSyntaxReferences.Where(r => r.SyntaxTree == model.SyntaxTree))
        {
            foreach (var name in reference.GetSyntax(cancellationToken).DescendantNodes().OfType<Microsoft.CodeAnalysis.CSharp.Syntax.SimpleNameSyntax>())
            {
                if (name.Identifier.ValueText != callee.Name
                    || model.GetOperation(name.Parent is Microsoft.CodeAnalysis.CSharp.Syntax.MemberAccessExpressionSyntax access ? access.Parent! : name.Parent!, cancellationToken) is not IInvocationOperation call
                    || !SymbolEqualityComparer.Default.Equals(call.TargetMethod.OriginalDefinition, callee.OriginalDefinition)
                    || call.Arguments.Any(a => known.IsCancellationToken(a.Value.Type) || ReadsToken(a, known))
                    // A call in a lambda of the caller runs whenever the lambda does: not judged (precision first).
                    || model.GetEnclosingSymbol(call.Syntax.SpanStart, cancellationToken) is not IMethodSymbol { MethodKind: not (MethodKind.AnonymousFunction or MethodKind.LocalFunction) } caller)
                {
                    continue;
                }

                if (!SymbolEqualityComparer.Default.Equals(caller.OriginalDefinition, callee.OriginalDefinition)
                    && caller.Parameters.FirstOrDefault(p => known.IsCancellationToken(p.Type)) is { } token)
                {
                    return (caller, token);
                }
            }
        }

        return null;
    }

    // Operations of this body, not of the lambdas and local functions in it: those run when someone calls them.
    private static IEnumerable<IOperation> OwnOperations(IOperation root)
    {
        var pending = new Stack<IOperation>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            var operation = pending.Pop();
            yield return operation;
            foreach (var child in operation.ChildOperations)
            {
                if (child is not (IAnonymousFunctionOperation or ILocalFunctionOperation))
                {
                    pending.Push(child);
                }
            }
        }
    }

    // Loops that can go on for ever: while, do, for without a condition, await foreach. A foreach over a collection and
    // a counted for end on their own.
    private static IEnumerable<ILoopOperation> OwnLoops(IOperation body) =>
        OwnOperations(body).OfType<ILoopOperation>().Where(loop => loop switch
        {
            IForEachLoopOperation forEach => forEach.IsAsynchronous,
            IForLoopOperation counted => counted.Condition is null,
            _ => true,
        });

    // A loop that never awaits and can run for ever: not one nested in another loop (the outer one is what runs on),
    // and not a drain (while (queue.TryDequeue(out var item))), which ends when there is nothing left.
    private static bool IsBusyLoop(ILoopOperation loop) =>
        !OwnOperations(loop).Any(o => o is IAwaitOperation)
        && !IsNestedInLoop(loop)
        && !(loop is IWhileLoopOperation { Condition: { } condition } && OwnOperations(condition).OfType<IArgumentOperation>().Any(a => a.Parameter?.RefKind == RefKind.Out));

    private static bool IsNestedInLoop(IOperation operation)
    {
        for (var parent = operation.Parent; parent is not null; parent = parent.Parent)
        {
            if (parent is ILoopOperation)
            {
                return true;
            }

            if (parent is IAnonymousFunctionOperation or ILocalFunctionOperation)
            {
                return false;
            }
        }

        return false;
    }

    private static bool ReadsToken(IOperation operation, KnownTypes known) =>
        OwnOperations(operation).Any(o => known.IsCancellationToken(o.Type) && !OperationFacts.IsNoToken(o));

    // A call that waits and would take a token, given none: its token parameter left to its default or given None,
    // or an overload of it that adds a token.
    private static IInvocationOperation? FirstCallMissingToken(ILoopOperation loop, KnownTypes known)
    {
        foreach (var call in OwnOperations(loop).OfType<IInvocationOperation>().OrderBy(c => c.Syntax.SpanStart))
        {
            var tokenArgument = call.Arguments.FirstOrDefault(a => known.IsCancellationToken(a.Parameter?.Type));
            if (tokenArgument is not null ? OperationFacts.IsNoToken(tokenArgument.Value) : HasOverloadWithToken(call.TargetMethod, known))
            {
                return call;
            }
        }

        return null;
    }

    private static bool HasOverloadWithToken(IMethodSymbol method, KnownTypes known) =>
        method.ContainingType.GetMembers(method.Name).OfType<IMethodSymbol>().Any(other =>
            other.IsStatic == method.IsStatic
            && other.Parameters.Length == method.Parameters.Length + 1
            && known.IsCancellationToken(other.Parameters[other.Parameters.Length - 1].Type)
            && method.Parameters.Select(p => p.Type).SequenceEqual(other.Parameters.Take(method.Parameters.Length).Select(p => p.Type), SymbolEqualityComparer.Default));

    private static Location LoopKeyword(ILoopOperation loop) =>
        loop.Syntax.GetFirstToken() is var keyword && keyword.Span.Length > 0 ? Location.Create(loop.Syntax.SyntaxTree, keyword.Span) : loop.Syntax.GetLocation();
}
