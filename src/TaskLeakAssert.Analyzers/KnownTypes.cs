using Microsoft.CodeAnalysis;

namespace TaskLeakAssert.Analyzers;

/// <summary>The types the rules recognize, resolved once per compilation; any of them may be missing.</summary>
internal sealed class KnownTypes
{
    private KnownTypes(Compilation compilation)
    {
        Task = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task");
        TaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.Task`1");
        ValueTask = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask");
        ValueTaskOfT = compilation.GetTypeByMetadataName("System.Threading.Tasks.ValueTask`1");
        TaskFactory = compilation.GetTypeByMetadataName("System.Threading.Tasks.TaskFactory");
        CancellationToken = compilation.GetTypeByMetadataName("System.Threading.CancellationToken");
        EventArgs = compilation.GetTypeByMetadataName("System.EventArgs");
        Disposable = compilation.GetTypeByMetadataName("System.IDisposable");
        AsyncDisposable = compilation.GetTypeByMetadataName("System.IAsyncDisposable");
        HostedService = compilation.GetTypeByMetadataName("Microsoft.Extensions.Hosting.IHostedService");
    }

    public INamedTypeSymbol? Task { get; }

    public INamedTypeSymbol? TaskOfT { get; }

    public INamedTypeSymbol? ValueTask { get; }

    public INamedTypeSymbol? ValueTaskOfT { get; }

    public INamedTypeSymbol? TaskFactory { get; }

    public INamedTypeSymbol? CancellationToken { get; }

    public INamedTypeSymbol? EventArgs { get; }

    public INamedTypeSymbol? Disposable { get; }

    public INamedTypeSymbol? AsyncDisposable { get; }

    public INamedTypeSymbol? HostedService { get; }

    public static KnownTypes For(Compilation compilation) => new(compilation);

    /// <summary>Task, Task&lt;T&gt;, ValueTask or ValueTask&lt;T&gt;.</summary>
    public bool IsTaskLike(ITypeSymbol? type) =>
        type is INamedTypeSymbol named
        && (Same(named, Task) || Same(named.OriginalDefinition, TaskOfT) || Same(named, ValueTask) || Same(named.OriginalDefinition, ValueTaskOfT));

    public bool IsCancellationToken(ITypeSymbol? type) => Same(type, CancellationToken);

    public static bool Same(ITypeSymbol? a, ITypeSymbol? b) => a is not null && b is not null && SymbolEqualityComparer.Default.Equals(a, b);
}
