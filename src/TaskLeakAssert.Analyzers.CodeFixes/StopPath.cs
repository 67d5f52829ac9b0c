using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TaskLeakAssert.Analyzers;

/// <summary>Where a type declaration is stopped, for the fixes that put code there.</summary>
internal static class StopPath
{
    private static readonly string[] StopMethods = ["StopAsync", "DisposeAsync", "Dispose"];

    /// <summary>
    /// The type's StopAsync(CancellationToken), DisposeAsync() or Dispose(), in that order, the first this declaration
    /// has with a body; null when its stop path is elsewhere (another part of a partial type, a base class).
    /// </summary>
    public static MethodDeclarationSyntax? MethodIn(TypeDeclarationSyntax type) =>
        StopMethods
            .Select(name => type.Members.OfType<MethodDeclarationSyntax>().FirstOrDefault(m => m.Identifier.Text == name && (m.Body is not null || m.ExpressionBody is not null) && IsStopSignature(m)))
            .FirstOrDefault(m => m is not null);

    /// <summary>Whether <paramref name="type"/> derives from Microsoft.Extensions.Hosting.BackgroundService.</summary>
    public static bool IsBackgroundService(INamedTypeSymbol? type)
    {
        for (var current = type?.BaseType; current is not null; current = current.BaseType)
        {
            if (current is { Name: "BackgroundService", ContainingNamespace: { Name: "Hosting", ContainingNamespace: { Name: "Extensions", ContainingNamespace.Name: "Microsoft" } } })
            {
                return true;
            }
        }

        return false;
    }

    // StopAsync(CancellationToken), DisposeAsync(), Dispose(): not a Dispose(bool) or an unrelated overload.
    private static bool IsStopSignature(MethodDeclarationSyntax method) =>
        method.Identifier.Text == "StopAsync" ? method.ParameterList.Parameters.Count == 1 : method.ParameterList.Parameters.Count == 0;
}
