using TaskLeakAssert.Fixtures;
using TaskLeakAssert.MSTest;

namespace TaskLeakAssert.MSTest.Fixture;

/// <summary>500 short clean tests, run in parallel: none may fail. Each row runs one of <see cref="CleanShapes"/>.</summary>
[TestClass]
[AssertNoLeakedTasks]
public class VolumeTests
{
    public static IEnumerable<object[]> Rows() => Enumerable.Range(0, 500).Select(row => new object[] { row });

    [TestMethod]
    [DynamicData(nameof(Rows))]
    public Task Is_clean(int row) => CleanShapes.RunAsync(row);
}
