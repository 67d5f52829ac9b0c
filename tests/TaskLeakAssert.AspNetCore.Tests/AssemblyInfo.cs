using TaskLeakAssert.Xunit;
using Xunit;

// The real xunit runner runs these tests through TaskLeakAssert's framework: classes with [AssertNoLeakedTasks]
// are checked over their whole lifetime, which is how the fixture tests prove that a factory started lazily
// by a test is the fixture's.
[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)]
