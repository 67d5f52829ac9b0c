using System.Collections.Immutable;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Text;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// TLA003: an <c>async void</c> method or lambda. Nobody can await its work, so no shutdown waits for it. An event
/// handler must be async void to be subscribed, and is left alone, except in a type that is stopped (a hosted
/// service, a disposable type): there, the work it starts must be kept so that stopping can await it.
/// </summary>
/// <remarks>
/// An override or an interface implementation whose base returns void cannot return Task: not reported. A handler is
/// recognized by its shape, <c>(object sender, T e)</c>, whatever <c>T</c> is: events of non-EventArgs payloads are common.
/// </remarks>
[DiagnosticAnalyzer(LanguageNames.CSharp)]
public sealed class AsyncVoidAnalyzer : DiagnosticAnalyzer
{
    /// <inheritdoc/>
    public override ImmutableArray<DiagnosticDescriptor> SupportedDiagnostics { get; } = ImmutableArray.Create(Rules.AsyncVoid);

    /// <inheritdoc/>
    public override void Initialize(AnalysisContext context)
    {
        context.ConfigureGeneratedCodeAnalysis(GeneratedCodeAnalysisFlags.None);
        context.EnableConcurrentExecution();
        context.RegisterCompilationStartAction(start =>
        {
            var known = KnownTypes.For(start.Compilation);
            start.RegisterSymbolAction(c => OnMethod(c, known), SymbolKind.Method);
            start.RegisterOperationAction(c => OnFunction(c, known), OperationKind.AnonymousFunction, OperationKind.LocalFunction);
        });
    }

    private static void OnMethod(SymbolAnalysisContext context, KnownTypes known)
    {
        var method = (IMethodSymbol)context.Symbol;
        if (method is not { IsAsync: true, ReturnsVoid: true, MethodKind: MethodKind.Ordinary }
            || method.IsOverride
            || ImplementsInterfaceMember(method))
        {
            return;
        }

        Report(context.ReportDiagnostic, method, method.Locations[0], known);
    }

    private static void OnFunction(OperationAnalysisContext context, KnownTypes known)
    {
        var (function, location) = context.Operation switch
        {
            IAnonymousFunctionOperation lambda => (lambda.Symbol, LambdaHead(lambda)),
            ILocalFunctionOperation local => (local.Symbol, local.Symbol.Locations[0]),
            _ => (null, null),
        };
        if (function is { IsAsync: true, ReturnsVoid: true } && location is not null)
        {
            Report(context.ReportDiagnostic, function, location, known, context.ContainingSymbol as IMethodSymbol);
        }
    }

    private static void Report(System.Action<Diagnostic> report, IMethodSymbol function, Location location, KnownTypes known, IMethodSymbol? declaringMethod = null)
    {
        string name = function.MethodKind == MethodKind.AnonymousFunction ? $"async lambda in {declaringMethod?.Name ?? "this member"}" : function.Name;
        if (!IsHandlerShaped(function))
        {
            // A method or local function can return Task where it is declared; a lambda's type is its delegate's.
            var fix = function.MethodKind == MethodKind.AnonymousFunction ? null : FixProperties.ReturnTask;
            report(Diagnostic.Create(Rules.AsyncVoid, location, fix, string.Format(System.Globalization.CultureInfo.InvariantCulture, Rules.AsyncVoidMessage, name)));
            return;
        }

        if (ShutdownPath.OfType(function.ContainingType, known) is not null)
        {
            string type = function.ContainingType.Name;
            report(Diagnostic.Create(Rules.AsyncVoid, location, string.Format(System.Globalization.CultureInfo.InvariantCulture, Rules.AsyncVoidHandlerMessage, name, type)));
        }
    }

    private static bool IsHandlerShaped(IMethodSymbol function) =>
        function.Parameters.Length == 2 && function.Parameters[0].Type.SpecialType == SpecialType.System_Object;

    private static bool ImplementsInterfaceMember(IMethodSymbol method)
    {
        if (!method.ExplicitInterfaceImplementations.IsEmpty)
        {
            return true;
        }

        foreach (var contract in method.ContainingType.AllInterfaces)
        {
            foreach (var member in contract.GetMembers(method.Name))
            {
                if (SymbolEqualityComparer.Default.Equals(method.ContainingType.FindImplementationForInterfaceMember(member), method))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // The lambda's "async (…) =>" rather than its whole body.
    private static Location LambdaHead(IAnonymousFunctionOperation lambda) =>
        lambda.Syntax is LambdaExpressionSyntax syntax
            ? Location.Create(syntax.SyntaxTree, TextSpan.FromBounds(syntax.SpanStart, syntax.ArrowToken.Span.End))
            : lambda.Syntax.GetLocation();
}
