using Xunit.v3;

namespace TaskLeakAssert.XunitV3.Sdk;

/// <summary>
/// The xunit v3 major this build of the adapter was compiled against. xunit 4 moved members between its
/// interfaces and base classes, so the package carries one build per major and its
/// <c>build/TaskLeakAssert.XunitV3.targets</c> picks the one that fits the xunit the project restored. Should the
/// wrong one still run (a copied dll, a custom build), the check fails with this message, not a MissingMethodException.
/// </summary>
internal static class XunitVersion
{
#if XUNIT_V3_4
    public const int BuiltFor = 4;
#else
    public const int BuiltFor = 3;
#endif

    /// <summary>The majors the package supports; its dependency range says the same to NuGet.</summary>
    public const string Supported = "xunit v3 3.2.x and 4.0.x";

    /// <exception cref="NotSupportedException">The process runs another xunit v3 major than this build's.</exception>
    public static void EnsureMatches()
    {
        var running = typeof(XunitTestRunner).Assembly.GetName();
        if (running.Version?.Major != BuiltFor)
        {
            throw new NotSupportedException(
                $"TaskLeakAssert.XunitV3 supports {Supported}, with one build for each; this test runs {running.Name} {running.Version} " +
                $"with the build for {BuiltFor}.x. Install TaskLeakAssert.XunitV3 as a package (its build targets pick the build that " +
                "fits the project's xunit.v3), and use a supported xunit.v3 version.");
        }
    }
}
