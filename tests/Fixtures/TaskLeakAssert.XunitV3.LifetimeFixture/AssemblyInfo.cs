using TaskLeakAssert.XunitV3;
using Xunit;

[assembly: TestFramework(typeof(TaskLeakTestFramework))]
[assembly: AssertNoLeakedTasks(TimeoutMilliseconds = 3000)]
[assembly: AssemblyFixture(typeof(TaskLeakAssert.XunitV3.LifetimeFixture.LazyAssemblyLoopFixture))]
