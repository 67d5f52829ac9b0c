using Microsoft.CodeAnalysis;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// The diagnostics TaskLeakAssert.Analyzers reports. Each one is a pattern of docs/leak-catalog.md, whose entry shows the
/// bug, the fix and the report the runtime check prints when a test runs that code.
/// </summary>
public static class Rules
{
    private const string Category = "Reliability";

    // The leak catalogue, where each rule's entry shows the bug, its fix and the runtime report.
    private const string Catalog = "https://github.com/TaskLeakAssert/TaskLeakAssert/blob/main/docs/leak-catalog.md";

    /// <summary>TLA001: a task started and forgotten in code that has a shutdown path.</summary>
    public static readonly DiagnosticDescriptor ForgottenTask = new(
        id: "TLA001",
        title: "A task is started and forgotten in code that has a shutdown path",
        messageFormat: "'{0}' starts work that nothing keeps and no token stops: it outlives {1}. Keep the task, give it a token that stopping cancels, and await it there.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A discarded task nobody awaits and no CancellationToken reaches keeps running after the type that started it was stopped or disposed. The runtime check reports it as 'Not completed' with this line.",
        helpLinkUri: Catalog + "#fire-and-forget-taskrun-in-startasync");

    /// <summary>TLA002: a loop that never observes the token its method was given.</summary>
    public static readonly DiagnosticDescriptor UnobservedToken = new(
        id: "TLA002",
        title: "A loop never observes the CancellationToken it has",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Cancellation is cooperative: a loop stops only when it looks at its token. A loop that waits without the token, or never awaits at all, keeps running after its method was canceled; a host's StopAsync then gives up on it silently.",
        helpLinkUri: Catalog + "#a-backgroundservice-that-ignores-stoppingtoken");

    /// <summary>The message of TLA002 for a loop of the method that has the token.</summary>
    internal const string UnobservedTokenMessage = "'{0}' waits in a loop of {1} without '{2}', and the loop never checks it: canceling cannot stop the loop. Pass '{2}'.";

    /// <summary>The message of TLA002 for a loop of a method that the method with the token calls without it.</summary>
    internal const string UnobservedTokenCalleeMessage = "'{0}' waits in a loop of {1}, which {2} calls without '{3}': canceling {2} cannot stop the loop. Pass '{3}' to {1} and on to this call.";

    /// <summary>The message of TLA002 for a loop that never awaits, in a method called without the token.</summary>
    internal const string UnobservedTokenBusyLoopMessage = "The loop of {0} never awaits and never checks a token, and {1} calls it without '{2}': canceling {1} cannot stop it. Pass '{2}' to {0} and check it in the loop.";

    /// <summary>TLA004: a timer kept in a field of a type that is stopped, and never disposed.</summary>
    public static readonly DiagnosticDescriptor UndisposedTimer = new(
        id: "TLA004",
        title: "A timer is never disposed by the type that is stopped",
        messageFormat: "Timer '{0}' is created here and never disposed or stopped: its callbacks keep starting work after {1}. Dispose it there.",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "A timer fires until it is disposed. Kept by a hosted service or a disposable type that never disposes it, it goes on starting work after that type was stopped; the runtime check reports it as 'Still firing'.",
        helpLinkUri: Catalog + "#a-timer-that-is-never-disposed");

    /// <summary>TLA005: a wait only a token can end, given none, in code that is stopped.</summary>
    public static readonly DiagnosticDescriptor EndlessWait = new(
        id: "TLA005",
        title: "A wait only a token can end is given none",
        messageFormat: "This awaits {0}, which only a token can end, and none is given: it outlives {1}. Pass the token, or register it to cancel the wait (token.Register(() => tcs.TrySetCanceled())).",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "Task.Delay(Timeout.Infinite) and a TaskCompletionSource nobody completes end only when a token cancels them. Without one, the awaiting method never returns, and the runtime check reports it as 'Not completed'.",
        helpLinkUri: Catalog);

    /// <summary>
    /// TLA003: an async void method or lambda that is no event handler, or an async void event handler of a type that
    /// is stopped (a hosted service, a disposable type).
    /// </summary>
    public static readonly DiagnosticDescriptor AsyncVoid = new(
        id: "TLA003",
        title: "async void work that shutdown cannot wait for",
        messageFormat: "{0}",
        category: Category,
        defaultSeverity: DiagnosticSeverity.Warning,
        isEnabledByDefault: true,
        description: "An async void method's work cannot be awaited, and an exception it throws crashes the process. Only an event handler, whose signature the event fixes, needs to be async void; in a type that is stopped or disposed, even a handler should start its work as a Task that stopping awaits.",
        helpLinkUri: Catalog + "#an-async-void-event-handler");

    /// <summary>The message of TLA003 for a method or lambda that need not be async void.</summary>
    internal const string AsyncVoidMessage = "'{0}' is async void: nobody can await it or learn that it failed, so shutdown cannot wait for it. Return Task.";

    /// <summary>The message of TLA003 for an event handler of a type that is stopped.</summary>
    internal const string AsyncVoidHandlerMessage = "'{0}' is an async void event handler of {1}: shutdown cannot wait for its work. Keep the handler synchronous; let it start the work as a Task, keep the task, and await it when stopping.";
}
