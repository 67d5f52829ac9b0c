using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// TLA005: a wait that only a token can end, given none, in code that is stopped: <c>await Task.Delay(Timeout.Infinite)</c>
/// (or <c>-1</c>, <c>Timeout.InfiniteTimeSpan</c>) without a token, or a TaskCompletionSource local to the method
/// that is awaited and used for nothing else (no <c>token.Register(() => tcs.TrySetCanceled())</c>, no one handed it).
/// </summary>
/// <remarks>
/// A TaskCompletionSource kept in a field, passed on or completed anywhere in the method is left alone: someone may
/// complete it.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class EndlessWaitAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.EndlessWait);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownTypes.For(start.Compilation);
            var completionSource = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskCompletionSource");
            var completionSourceOfT = start.Compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskCompletionSource`1");
            if (known.Task is not null)
            {
                start.RegisterOperationAction(c => OnAwait(c, known, completionSource, completionSourceOfT), OperationKind.Await);
            }
        });
    }

    private static void OnAwait(OperationAnalysisContext context, KnownTypes known, INamedTypeSymbol? completionSource, INamedTypeSymbol? completionSourceOfT)
    {
        var awaited = OperationFacts.Unwrapped(((IAwaitOperation)context.Operation).Operation);
        if (context.ContainingSymbol is not IMethodSymbol method || ShutdownPath.Of(method, known) is not { } stoppedBy)
        {
            return;
        }

        if (awaited is IInvocationOperation { TargetMethod: { Name: "Delay", IsStatic: true } delay } call
            && KnownTypes.Same(delay.ContainingType, known.Task)
            && IsInfinite(call.Arguments[0].Value)
            && !call.Arguments.Any(a => known.IsCancellationToken(a.Parameter?.Type) && !OperationFacts.IsNoToken(a.Value)))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rules.EndlessWait, call.Syntax.GetLocation(), FixProperties.PassToken(TokenOf(method, known)), "Task.Delay(Infinite)", stoppedBy));
            return;
        }

        // await tcs.Task, where tcs is a local of this method that is used for nothing else: nothing can complete it.
        if (awaited is IPropertyReferenceOperation { Property.Name: "Task", Instance: ILocalReferenceOperation local }
            && (KnownTypes.Same(local.Local.Type, completionSource) || KnownTypes.Same(local.Local.Type.OriginalDefinition, completionSourceOfT))
            && Root(context.Operation).DescendantsAndSelf().OfType<ILocalReferenceOperation>()
                .Where(r => SymbolEqualityComparer.Default.Equals(r.Local, local.Local))
                .All(r => r.Parent is IPropertyReferenceOperation { Property.Name: "Task" }))
        {
            context.ReportDiagnostic(Diagnostic.Create(Rules.EndlessWait, context.Operation.Syntax.GetLocation(), FixProperties.WaitWithToken(TokenOf(method, known)), $"the TaskCompletionSource '{local.Local.Name}'", stoppedBy));
        }
    }

    // The token the fix can pass: the method's own CancellationToken parameter, if it has one.
    private static string? TokenOf(IMethodSymbol method, KnownTypes known) =>
        method.Parameters.FirstOrDefault(p => known.IsCancellationToken(p.Type))?.Name;

    private static IOperation Root(IOperation operation)
    {
        while (operation.Parent is not null)
        {
            operation = operation.Parent;
        }

        return operation;
    }

    private static bool IsInfinite(IOperation value)
    {
        value = OperationFacts.Unwrapped(value);
        if (value.ConstantValue is { HasValue: true, Value: int milliseconds })
        {
            return milliseconds == -1;
        }

        return value is IFieldReferenceOperation { Field: { Name: "InfiniteTimeSpan", IsStatic: true, ContainingType.Name: "Timeout" } };
    }
}
