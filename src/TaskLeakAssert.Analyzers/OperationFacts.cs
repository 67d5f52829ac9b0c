using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;

namespace TaskLeakAssert.Analyzers;

/// <summary>What the rules ask of an operation, in one place.</summary>
internal static class OperationFacts
{
    /// <summary>The operation under its implicit and explicit conversions.</summary>
    public static IOperation Unwrapped(IOperation operation)
    {
        while (operation is IConversionOperation conversion)
        {
            operation = conversion.Operand;
        }

        return operation;
    }

    /// <summary><c>CancellationToken.None</c> or <c>default</c>: a token nobody can cancel.</summary>
    public static bool IsNoToken(IOperation operation) =>
        Unwrapped(operation) is IDefaultValueOperation or ILiteralOperation
            or IPropertyReferenceOperation { Property.Name: "None", Property.IsStatic: true };

    /// <summary>The operation's source on one line, cut to <paramref name="length"/> characters, for a message.</summary>
    public static string Shortened(IOperation operation, int length)
    {
        string text = string.Join(" ", operation.Syntax.ToString().Split((char[]?)null, System.StringSplitOptions.RemoveEmptyEntries));
        return text.Length <= length ? text : text.Substring(0, length - 3) + "...";
    }
}
