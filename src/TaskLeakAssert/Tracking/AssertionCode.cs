namespace TaskLeakAssert.Tracking;

/// <summary>
/// A test framework's assertions, which run the test's own work rather than the runner's. NUnit 5's
/// <c>Assert.ThrowsAsync</c> is an async method that awaits the test's task and so observes its fault; taken for
/// runner machinery, the verdict did not wait for it and read the fault as unobserved whenever it came a moment
/// before the assertion's continuation (NUnit fixture, TieredCompilation=0 on a busy machine: 2 of 23 runs).
/// The same holds for a forgotten <c>await</c> on xunit's or MSTest's <c>Assert.ThrowsAsync</c>.
/// </summary>
internal static class AssertionCode
{
    // Whole assemblies of assertions (xunit 2 and v3 ship them apart from the runner).
    private static readonly string[] s_assertionAssemblies = ["xunit.assert", "xunit.v3.assert"];

    // Assertion types inside assemblies that also hold the runner, by their outermost type's full name.
    private static readonly string[] s_assertionTypes =
    [
        "NUnit.Framework.Assert", "NUnit.Framework.Assume", "NUnit.Framework.Warn", "NUnit.Framework.Legacy.ClassicAssert",
        "NUnit.Framework.Internal.ExceptionHelper",
        "Microsoft.VisualStudio.TestTools.UnitTesting.Assert", "Microsoft.VisualStudio.TestTools.UnitTesting.StringAssert",
        "Microsoft.VisualStudio.TestTools.UnitTesting.CollectionAssert",
    ];

    // NUnit's constraints (Assert.ThatAsync(..., Throws.…), a delayed constraint) await the test's code too.
    private const string NUnitConstraints = "NUnit.Framework.Constraints";

    /// <summary>Whether <paramref name="type"/> (a state machine, a lambda's closure) belongs to a framework's assertions.</summary>
    public static bool Runs(Type type) => IsAssertionAssembly(type.Assembly.GetName().Name) || IsAssertionType(type);

    /// <summary>Whether an assembly, by its name, holds only a framework's assertions.</summary>
    public static bool IsAssertionAssembly(string? name) => s_assertionAssemblies.Contains(name, StringComparer.OrdinalIgnoreCase);

    /// <summary>Like <see cref="Runs"/> for a type of an assembly that also holds a runner: by the type alone, no assembly name read.</summary>
    public static bool IsAssertionType(Type type)
    {
        var outermost = type;
        while (outermost.DeclaringType is { } declaring)
        {
            outermost = declaring;
        }

        return s_assertionTypes.Contains(outermost.FullName, StringComparer.Ordinal) || outermost.Namespace == NUnitConstraints;
    }
}
