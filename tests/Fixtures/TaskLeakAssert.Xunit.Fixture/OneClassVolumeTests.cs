using TaskLeakAssert.Fixtures;
using Xunit;

namespace TaskLeakAssert.Xunit.Fixture;

/// <summary>The same shapes, 600 in one class: xunit runs them one after another on its threads.</summary>
[AssertNoLeakedTasks]
public sealed class OneClassVolume
{
    public static IEnumerable<object[]> Rows() => Enumerable.Range(0, 600).Select(i => new object[] { i });

    [Theory]
    [MemberData(nameof(Rows))]
    public Task Is_clean(int row) => CleanShapes.RunAsync(row);
}
