using System.Linq;
using Microsoft.CodeAnalysis;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// Where code is stopped: the StopAsync of a hosted service, the Dispose of a disposable type, the CancellationToken a
/// method is given. Work started in such code has a moment at which it must be over; elsewhere nobody can say when.
/// </summary>
internal static class ShutdownPath
{
    /// <summary>How the code of <paramref name="method"/> is stopped, in words for a diagnostic; null when it has no shutdown path.</summary>
    public static string? Of(IMethodSymbol method, KnownTypes known) =>
        OfType(method.ContainingType, known)
        ?? (method.Parameters.FirstOrDefault(p => known.IsCancellationToken(p.Type)) is { } token ? $"the cancellation of '{token.Name}'" : null);

    /// <summary>How instances of <paramref name="type"/> are stopped, in words for a diagnostic; null when they are not.</summary>
    public static string? OfType(INamedTypeSymbol? type, KnownTypes known) =>
        type is null ? null
        : Implements(type, known.HostedService) ? $"the StopAsync of {type.Name}"
        : Implements(type, known.AsyncDisposable) ? $"the DisposeAsync of {type.Name}"
        : Implements(type, known.Disposable) ? $"the Dispose of {type.Name}"
        : null;

    private static bool Implements(INamedTypeSymbol type, INamedTypeSymbol? contract) =>
        contract is not null && type.AllInterfaces.Any(i => SymbolEqualityComparer.Default.Equals(i, contract));
}
