using NUnit.Framework;
using TaskLeakAssert.NUnit;

// Every test of this assembly is checked, and fixtures run in parallel.
[assembly: AssertNoLeakedTasks]
[assembly: Parallelizable(ParallelScope.Fixtures)]
[assembly: LevelOfParallelism(4)]
