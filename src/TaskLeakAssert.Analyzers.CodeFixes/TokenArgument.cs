using System.Linq;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Microsoft.CodeAnalysis.Simplification;

namespace TaskLeakAssert.Analyzers;

/// <summary>How the fixes write a token into code: as a call's token argument, or as a method's parameter.</summary>
internal static class TokenArgument
{
    /// <summary>
    /// The arguments of <paramref name="call"/> with <paramref name="token"/> as its token: in place of a
    /// <c>CancellationToken.None</c> or <c>default</c> given, else added (by name where arguments before it were left out).
    /// </summary>
    public static ArgumentListSyntax Pass(InvocationExpressionSyntax call, IInvocationOperation invocation, string token)
    {
        var tokenExpression = SyntaxFactory.IdentifierName(token);
        var given = invocation.Arguments.FirstOrDefault(a => IsCancellationToken(a.Parameter?.Type) && a.ArgumentKind == ArgumentKind.Explicit);
        if (given?.Syntax is ArgumentSyntax explicitArgument)
        {
            return call.ArgumentList.ReplaceNode(explicitArgument, explicitArgument.WithExpression(tokenExpression.WithTriviaFrom(explicitArgument.Expression)));
        }

        // Left to its default (by name where arguments before it were left out), or an overload adds it.
        var parameter = invocation.Arguments.FirstOrDefault(a => IsCancellationToken(a.Parameter?.Type))?.Parameter;
        bool byName = parameter is not null && parameter.Ordinal != call.ArgumentList.Arguments.Count;
        var argument = byName
            ? SyntaxFactory.Argument(SyntaxFactory.NameColon(parameter!.Name), default, tokenExpression)
            : SyntaxFactory.Argument(tokenExpression);
        return call.ArgumentList.AddArguments(argument);
    }

    /// <summary>A <c>CancellationToken</c> parameter named <paramref name="token"/>, defaulted when <paramref name="optional"/>.</summary>
    public static ParameterSyntax Parameter(string token, bool optional)
    {
        var parameter = SyntaxFactory.Parameter(SyntaxFactory.Identifier(token))
            .WithType(SyntaxFactory.ParseTypeName("global::System.Threading.CancellationToken").WithAdditionalAnnotations(Simplifier.Annotation));
        return optional
            ? parameter.WithDefault(SyntaxFactory.EqualsValueClause(SyntaxFactory.LiteralExpression(SyntaxKind.DefaultLiteralExpression)))
            : parameter;
    }

    public static bool IsCancellationToken(ITypeSymbol? type) =>
        type is { Name: "CancellationToken", ContainingNamespace: { Name: "Threading", ContainingNamespace: { Name: "System", ContainingNamespace.IsGlobalNamespace: true } } };
}
