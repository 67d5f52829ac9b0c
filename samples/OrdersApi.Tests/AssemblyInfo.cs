// begin-snippet: aspnetcore-xunit
using TaskLeakAssert.Xunit;
using Xunit;

// Every test is checked from its class's constructor to its Dispose; a request's leftover work is its test's.
[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)]
[assembly: AssertNoLeakedTasks]
// end-snippet
