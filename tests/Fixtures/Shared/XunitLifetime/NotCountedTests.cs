#if XUNIT_V3
using Xunit;
namespace TaskLeakAssert.XunitV3.LifetimeFixture;
#else
using Xunit;
namespace TaskLeakAssert.Xunit.LifetimeFixture;
#endif

/// <summary>What a passing check does not count, it says in the test's output.</summary>
public class NotCountedTests
{
    // A library's timer (System.Timers.Timer's own callback), still scheduled when the check runs: not this test's
    // leak. Kept for the rest of the run, which ends long before its first tick.
    private static System.Timers.Timer? s_libraryTimer;

    [Fact]
    public void Leaves_a_library_timer_scheduled() => s_libraryTimer = new System.Timers.Timer(TimeSpan.FromHours(1)) { Enabled = true };
}
