using System.Collections.Immutable;
using Microsoft.CodeAnalysis;

namespace TaskLeakAssert.Analyzers;

/// <summary>
/// What a diagnostic tells its code fix in its properties (this file is compiled into TaskLeakAssert.Analyzers.CodeFixes too): which fix applies,
/// and the name of the token to pass. A diagnostic without them offers no fix: the analyzer knows when a fix is safe.
/// </summary>
internal static class FixProperties
{
    /// <summary>The property naming the fix.</summary>
    public const string Fix = "TaskLeakAssert.Fix";

    /// <summary>The property with the name of the CancellationToken in scope that the fix passes.</summary>
    public const string Token = "TaskLeakAssert.Token";

    /// <summary>Pass the token to the flagged call (as its token argument, or the overload's added one).</summary>
    public const string PassTokenFix = "PassToken";

    /// <summary>
    /// Give the method the flagged loop is in a token parameter, pass the caller's token to it, and pass it on to the
    /// loop's wait (or check it at the start of each turn of a loop that never awaits).
    /// </summary>
    public const string PassTokenThroughFix = "PassTokenThrough";

    /// <summary>The property with the name of the method that has the token and calls the flagged loop's method without it.</summary>
    public const string Caller = "TaskLeakAssert.Caller";

    /// <summary>The property set when the flagged loop never awaits: the fix checks the token in it.</summary>
    public const string BusyLoop = "TaskLeakAssert.BusyLoop";

    /// <summary>Await the flagged TaskCompletionSource's task with <c>.WaitAsync(token)</c>.</summary>
    public const string WaitWithTokenFix = "WaitWithToken";

    /// <summary>Make the flagged async void method return Task.</summary>
    public const string ReturnTaskFix = "ReturnTask";

    /// <summary>The fix <paramref name="diagnostic"/> offers (one of the <c>…Fix</c> names), or null.</summary>
    internal static string? FixOf(Diagnostic diagnostic) =>
        diagnostic.Properties.TryGetValue(Fix, out var fix) ? fix : null;

    /// <summary>The properties of the pass-the-token fix; none when there is no token to pass.</summary>
    internal static ImmutableDictionary<string, string?>? PassToken(string? token) => WithToken(PassTokenFix, token);

    /// <summary>Dispose the flagged timer field where the type is stopped.</summary>
    public const string DisposeTimerFix = "DisposeTimer";

    /// <summary>The property with the name of the timer field to dispose.</summary>
    public const string Field = "TaskLeakAssert.Field";

    /// <summary>Keep the flagged task in a set the type's stop path cancels and awaits, and give its work the token.</summary>
    public const string KeepTaskFix = "KeepTask";

    /// <summary>The properties of the keep-the-task fix.</summary>
    internal static ImmutableDictionary<string, string?> KeepTask { get; } = ImmutableDictionary<string, string?>.Empty.Add(Fix, KeepTaskFix);

    /// <summary>The properties of the dispose-the-timer fix.</summary>
    internal static ImmutableDictionary<string, string?> DisposeTimer(string field) =>
        ImmutableDictionary<string, string?>.Empty.Add(Fix, DisposeTimerFix).Add(Field, field);

    /// <summary>The properties of the pass-the-token-through fix.</summary>
    internal static ImmutableDictionary<string, string?> PassTokenThrough(string token, string caller, bool busyLoop)
    {
        var properties = ImmutableDictionary<string, string?>.Empty.Add(Fix, PassTokenThroughFix).Add(Token, token).Add(Caller, caller);
        return busyLoop ? properties.Add(BusyLoop, "true") : properties;
    }

    /// <summary>The properties of the wait-with-the-token fix; none when there is no token to pass.</summary>
    internal static ImmutableDictionary<string, string?>? WaitWithToken(string? token) => WithToken(WaitWithTokenFix, token);

    /// <summary>The properties of the return-Task fix.</summary>
    internal static ImmutableDictionary<string, string?> ReturnTask { get; } = ImmutableDictionary<string, string?>.Empty.Add(Fix, ReturnTaskFix);

    private static ImmutableDictionary<string, string?>? WithToken(string fix, string? token) =>
        token is null ? null : ImmutableDictionary<string, string?>.Empty.Add(Fix, fix).Add(Token, token);
}
