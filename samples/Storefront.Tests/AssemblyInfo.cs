// begin-snippet: storefront-xunit
using TaskLeakAssert.Xunit;
using Xunit;

// The recommended setup, and no ignore rules: every test is checked from its class's constructor to its Dispose.
[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)]
[assembly: AssertNoLeakedTasks]
// end-snippet
