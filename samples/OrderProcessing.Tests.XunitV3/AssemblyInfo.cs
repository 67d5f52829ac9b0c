// begin-snippet: xunit-v3
using TaskLeakAssert.XunitV3;
using Xunit;

[assembly: TestFramework(typeof(TaskLeakTestFramework))]
[assembly: AssertNoLeakedTasks]
// end-snippet
