#if XUNIT_V3
using TaskLeakAssert.XunitV3;
#else
using TaskLeakAssert.Xunit;
#endif
using Xunit;

namespace TaskLeakAssert.Fixtures;

/// <summary>
/// Hundreds of short clean tests, in parallel classes: none may fail. Each row runs one of <see cref="CleanShapes"/>.
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
