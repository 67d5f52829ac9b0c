using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// TLA004: a timer (System.Threading.Timer, PeriodicTimer, System.Timers.Timer) created and kept in a field of a type
/// that is stopped (a hosted service, a disposable type), when nothing in the type ever disposes or stops it. Its
/// callbacks keep starting work after the type was stopped.
/// </summary>
/// <remarks>
/// Precision first: a timer disposed, stopped or handed to anything anywhere in the type (a using, a Register callback,
/// another object, a conditional access) is left alone.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class UndisposedTimerAnalyzer : DiagnosticAnalyzer
{
    private static readonly string[] TimerTypes = ["System.Threading.Timer", "System.Threading.PeriodicTimer", "System.Timers.Timer"];

    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.UndisposedTimer);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownTypes.For(start.Compilation);
            var timers = TimerTypes.Select(start.Compilation.GetTypeByMetadataName).OfType<INamedTypeSymbol>().ToImmutableArray();
            if (!timers.IsEmpty)
            {
                start.RegisterSymbolStartAction(s => OnType(s, known, timers), SymbolKind.NamedType);
            }
        });
    }

    // Every part of the type is seen (a partial type's other files too) before its end action judges its timers.
    private static void OnType(SymbolStartAnalysisContext context, KnownTypes known, ImmutableArray<INamedTypeSymbol> timers)
    {
        var type = (INamedTypeSymbol)context.Symbol;
        if (ShutdownPath.OfType(type, known) is not { } stoppedBy
            || !type.GetMembers().OfType<IFieldSymbol>().Any(f => IsTimer(f, timers)))
        {
            return;
        }

        var created = new ConcurrentDictionary<IFieldSymbol, Location>(SymbolEqualityComparer.Default);
        var letGo = new ConcurrentDictionary<IFieldSymbol, bool>(SymbolEqualityComparer.Default);
        context.RegisterOperationAction(
            c =>
            {
                var reference = (IFieldReferenceOperation)c.Operation;
                if (!SymbolEqualityComparer.Default.Equals(reference.Field.ContainingType, type) || !IsTimer(reference.Field, timers))
                {
                    return;
                }

                if (reference.Parent is ISimpleAssignmentOperation assignment && assignment.Target == reference)
                {
                    if (OperationFacts.Unwrapped(assignment.Value) is IObjectCreationOperation)
                    {
                        created.TryAdd(reference.Field, assignment.Syntax.GetLocation());
                    }
                }
                else if (LetsGo(reference))
                {
                    letGo[reference.Field] = true;
                }
            },
            OperationKind.FieldReference);
        context.RegisterOperationAction(
            c =>
            {
                var initializer = (IFieldInitializerOperation)c.Operation;
                foreach (var field in initializer.InitializedFields.Where(f => IsTimer(f, timers)))
                {
                    if (OperationFacts.Unwrapped(initializer.Value) is IObjectCreationOperation)
                    {
                        created.TryAdd(field, initializer.Syntax.Parent?.GetLocation() ?? initializer.Syntax.GetLocation());
                    }
                }
            },
            OperationKind.FieldInitializer);
        context.RegisterSymbolEndAction(end =>
        {
            foreach (var timer in created.Where(t => !letGo.ContainsKey(t.Key)).OrderBy(t => t.Value.SourceSpan.Start))
            {
                end.ReportDiagnostic(Diagnostic.Create(Rules.UndisposedTimer, timer.Value, FixProperties.DisposeTimer(timer.Key.Name), timer.Key.Name, stoppedBy));
            }
        });
    }

    private static bool IsTimer(IFieldSymbol field, ImmutableArray<INamedTypeSymbol> timers) => timers.Any(t => KnownTypes.Same(field.Type, t));

    // Disposed, stopped, or handed on (to a using, an argument, another variable, a return): someone may dispose it.
    private static bool LetsGo(IFieldReferenceOperation reference)
    {
        var parent = reference.Parent;
        while (parent is IConversionOperation)
        {
            parent = parent.Parent;
        }

        return parent switch
        {
            IInvocationOperation call => call.TargetMethod.Name is "Dispose" or "DisposeAsync" or "Stop" or "Close" or "Change",
            IConditionalAccessOperation => true,
            ISimpleAssignmentOperation assignment => assignment.Value == reference || OperationFacts.Unwrapped(assignment.Value) == reference,
            IArgumentOperation or IReturnOperation or IUsingOperation or IVariableInitializerOperation or IUsingDeclarationOperation => true,
            _ => false,
        };
    }
}
