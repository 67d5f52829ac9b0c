using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// TLA001: <c>_ = Task.Run(…)</c>, <c>_ = PumpAsync()</c>, a discarded <c>Task.Factory.StartNew</c>, or such a call
/// as a bare statement, in code that is stopped (a hosted service, a disposable type, a method given a token), when no
/// CancellationToken reaches the work. Nothing keeps the task, so stopping can neither cancel nor await it.
/// </summary>
/// <remarks>
/// Precision first: only calls that start work are judged (Task.Run, StartNew, this compilation's own methods); a
/// library call whose task is dropped (<c>_ = cts.CancelAsync()</c>) is not. A task stored, returned, awaited or
/// passed on is kept. A bare call in an async method is left to the compiler's CS4014.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class ForgottenTaskAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.ForgottenTask);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownTypes.For(start.Compilation);
            if (known.Task is null)
            {
                return;
            }

            start.RegisterOperationAction(c => OnDiscard(c, known), OperationKind.SimpleAssignment);
            start.RegisterOperationAction(c => OnStatement(c, known), OperationKind.ExpressionStatement);
        });
    }

    private static void OnDiscard(OperationAnalysisContext context, KnownTypes known)
    {
        var assignment = (ISimpleAssignmentOperation)context.Operation;
        if (assignment.Target is IDiscardOperation)
        {
            Judge(context, assignment.Value, known);
        }
    }

    private static void OnStatement(OperationAnalysisContext context, KnownTypes known)
    {
        var statement = (IExpressionStatementOperation)context.Operation;
        if (statement.Operation is IInvocationOperation invocation && !InAsyncCode(statement, context.ContainingSymbol))
        {
            Judge(context, invocation, known);
        }
    }

    private static void Judge(OperationAnalysisContext context, IOperation value, KnownTypes known)
    {
        var started = OperationFacts.Unwrapped(value);
        if (started is not IInvocationOperation invocation
            || !known.IsTaskLike(invocation.Type)
            || !StartsWork(invocation, context.Compilation, known)
            || context.ContainingSymbol is not IMethodSymbol method
            || ShutdownPath.Of(OutermostMethod(method), known) is not { } stoppedBy
            || TokenReaches(invocation, known))
        {
            return;
        }

        // The fix needs a type that is stopped, to cancel and await the task there; a method's token alone is no such place.
        var fix = ShutdownPath.OfType(method.ContainingType, known) is not null ? FixProperties.KeepTask : null;
        context.ReportDiagnostic(Diagnostic.Create(Rules.ForgottenTask, invocation.Syntax.GetLocation(), fix, OperationFacts.Shortened(invocation, 80), stoppedBy));
    }

    // Task.Run, TaskFactory.StartNew, or a method of this compilation: calls that start work. A library's own method
    // returning a task (a write, a cancellation) is left alone.
    private static bool StartsWork(IInvocationOperation invocation, Compilation compilation, KnownTypes known)
    {
        var target = invocation.TargetMethod;
        if (KnownTypes.Same(target.ContainingType, known.Task) && target.Name == "Run")
        {
            return true;
        }

        if (KnownTypes.Same(target.ContainingType.OriginalDefinition, known.TaskFactory) || target.ContainingType.Name == "TaskFactory")
        {
            return target.Name == "StartNew";
        }

        return SymbolEqualityComparer.Default.Equals(target.ContainingAssembly, compilation.Assembly) && !target.DeclaringSyntaxReferences.IsEmpty;
    }

    // A token that can be canceled reaches the work: an argument, something the delegate reads, or what the called
    // method of this compilation reads. CancellationToken.None and default do not count.
    private static bool TokenReaches(IInvocationOperation invocation, KnownTypes known)
    {
        foreach (var operation in invocation.DescendantsAndSelf())
        {
            if (operation != invocation && known.IsCancellationToken(operation.Type) && !OperationFacts.IsNoToken(operation))
            {
                return true;
            }

            var called = operation switch
            {
                IInvocationOperation call => call.TargetMethod,
                IMethodReferenceOperation reference => reference.Method,
                _ => null,
            };
            if (called is not null && called.Parameters.Any(p => known.IsCancellationToken(p.Type)) && operation is IMethodReferenceOperation)
            {
                // A method group given to Task.Run cannot be handed a token by it.
                continue;
            }

            if (called is not null && ReadsToken(called, invocation.SemanticModel, known))
            {
                return true;
            }
        }

        return false;
    }

    // The body of a method of this compilation reads a CancellationToken (a field's token, a linked source's). A method
    // declared in another file is not read here (an analyzer gets the semantic model of one file): it may, so no report.
    private static bool ReadsToken(IMethodSymbol method, SemanticModel? model, KnownTypes known)
    {
        foreach (var reference in method.OriginalDefinition.DeclaringSyntaxReferences)
        {
            if (model is null || reference.SyntaxTree != model.SyntaxTree)
            {
                return true;
            }

            var body = model.GetOperation(reference.GetSyntax());
            // Its own token parameter is whatever the caller passes: judged at the call (CancellationToken.None is none).
            if (body is not null && body.DescendantsAndSelf().Any(o => known.IsCancellationToken(o.Type) && !OperationFacts.IsNoToken(o) && o is not IParameterReferenceOperation))
            {
                return true;
            }
        }

        return false;
    }

    // Lambdas and local functions stop with the method that declares them.
    private static IMethodSymbol OutermostMethod(IMethodSymbol method)
    {
        while (method.MethodKind is MethodKind.AnonymousFunction or MethodKind.LocalFunction && method.ContainingSymbol is IMethodSymbol outer)
        {
            method = outer;
        }

        return method;
    }

    private static bool InAsyncCode(IOperation operation, ISymbol containing)
    {
        for (var current = operation.Parent; current is not null; current = current.Parent)
        {
            if (current is IAnonymousFunctionOperation lambda)
            {
                return lambda.Symbol.IsAsync;
            }

            if (current is ILocalFunctionOperation local)
            {
                return local.Symbol.IsAsync;
            }
        }

        return containing is IMethodSymbol { IsAsync: true };
    }
}
