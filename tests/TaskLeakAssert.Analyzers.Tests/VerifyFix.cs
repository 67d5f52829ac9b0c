using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Testing;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;

namespace TaskLeakAssert.Analyzers.Tests;

/// <summary>
/// Runs an analyzer and its code fix over source: the diagnostics marked in <c>source</c> are found, the fix turns it
/// into <c>fixedSource</c>, which compiles (any compiler error fails the test) and gives none of the analyzer's
/// diagnostics but those marked in it. Same references as <see cref="Verify{TAnalyzer}"/>.
/// </summary>
public static class VerifyFix<TAnalyzer, TCodeFix>
    where TAnalyzer : DiagnosticAnalyzer, new()
    where TCodeFix : CodeFixProvider, new()
{
    public static Task FixesAsync(string source, string fixedSource) => RunAsync(source, fixedSource, CodeFixTestBehaviors.None);

    /// <summary>
    /// The diagnostics marked in <paramref name="source"/> are found, and no fix is offered for them. Some are reported
    /// away from the code analyzed (TLA002 in a method the one with the token calls), which the framework checks only
    /// for a fix it would apply.
    /// </summary>
    public static Task OffersNoFixAsync(string source) => RunAsync(source, source, CodeFixTestBehaviors.SkipLocalDiagnosticCheck);

    private static async Task RunAsync(string source, string fixedSource, CodeFixTestBehaviors behaviors)
    {
        var test = new CSharpCodeFixTest<TAnalyzer, TCodeFix, DefaultVerifier>
        {
            TestCode = source,
            FixedCode = fixedSource,
            ReferenceAssemblies = new ReferenceAssemblies("net10.0"),
            CodeFixTestBehaviors = behaviors,
        };
        test.TestState.AdditionalReferences.AddRange(References.Framework);
        test.FixedState.AdditionalReferences.AddRange(References.Framework);
        await test.RunAsync();
    }
}
