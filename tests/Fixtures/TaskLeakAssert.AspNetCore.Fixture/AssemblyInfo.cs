using TaskLeakAssert.Xunit;
using Xunit;

// The recommended setup: every test checked from its class's constructor to its Dispose, fixtures after their disposal.
[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)]
[assembly: AssertNoLeakedTasks(TimeoutMilliseconds = 1000)]
