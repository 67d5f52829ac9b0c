using NUnit.Framework;
using TaskLeakAssert.Fixtures;

namespace TaskLeakAssert.NUnit.Fixture;

/// <summary>
/// 500 short clean tests, run in parallel: none may fail. Each row runs one of <see cref="CleanShapes"/>.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.Children)]
public class VolumeFixture
{
    public static IEnumerable<int> Rows() => Enumerable.Range(0, 500);

    [TestCaseSource(nameof(Rows))]
    public Task Is_clean(int row) => CleanShapes.RunAsync(row);
}
