using TaskLeakAssert.Xunit;
using Xunit;

[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)]
[assembly: AssertNoLeakedTasks(TimeoutMilliseconds = 500)]
