#if XUNIT_V3
using TaskLeakAssert.XunitV3;
#else
using TaskLeakAssert.Xunit;
#endif
using Xunit;

namespace TaskLeakAssert.Fixtures;

/// <summary>
/// Hundreds of short clean tests, in parallel classes: none may fail. Each row is one of the shapes that
/// once made a runner thread look like a leak: a yield, a short Task.Run, a TaskCompletionSource completed
/// from the pool, an awaited delay, a synchronous body.
/// </summary>
/// <remarks>Shared by the xunit fixtures: xunit 2 with the attribute alone and with TaskLeakTestFramework, and xunit v3.</remarks>
[AssertNoLeakedTasks]
public abstract class VolumeTests
{
    public static IEnumerable<object[]> Rows() => Enumerable.Range(0, 50).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Is_clean(int row) => CleanShapes.RunAsync(row);
}

public sealed class Volume01 : VolumeTests;
public sealed class Volume02 : VolumeTests;
public sealed class Volume03 : VolumeTests;
public sealed class Volume04 : VolumeTests;
public sealed class Volume05 : VolumeTests;
public sealed class Volume06 : VolumeTests;
public sealed class Volume07 : VolumeTests;
public sealed class Volume08 : VolumeTests;
public sealed class Volume09 : VolumeTests;
public sealed class Volume10 : VolumeTests;

/// <summary>The short clean shapes every volume row runs, by row number.</summary>
public static class CleanShapes
{
    public static async Task RunAsync(int row)
    {
        switch (row % 5)
        {
            case 0:
                await Task.Yield();
                break;
            case 1:
                await Task.Run(() => row * 2);
                break;
            case 2:
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _ = Task.Run(done.SetResult);
                await done.Task;
                break;
            case 3:
                await Task.Delay(1);
                break;
            default:
                Assert.True(row >= 0);
                break;
        }
    }
}
