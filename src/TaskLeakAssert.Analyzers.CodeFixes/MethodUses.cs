using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace TaskLeakAssert.Analyzers;

/// <summary>The uses of a method in a file, for the fixes that give it a token parameter.</summary>
internal static class MethodUses
{
    // Every use of the method in this file: its name, and the call it is the target of (null for a delegate).
    public static IEnumerable<(SimpleNameSyntax Name, InvocationExpressionSyntax? Call)> In(IMethodSymbol method, SyntaxNode root, SemanticModel model, CancellationToken cancellationToken)
    {
        foreach (var name in root.DescendantNodes().OfType<SimpleNameSyntax>().Where(n => n.Identifier.Text == method.Name))
        {
            if (name.Parent is MethodDeclarationSyntax
                || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol?.OriginalDefinition, method))
            {
                continue;
            }

            var target = name.Parent is MemberAccessExpressionSyntax access && access.Name == name ? access : (ExpressionSyntax)name;
            yield return (name, target.Parent is InvocationExpressionSyntax call && call.Expression == target ? call : null);
        }
    }
}
