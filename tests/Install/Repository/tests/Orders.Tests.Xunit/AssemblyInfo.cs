using TaskLeakAssert.Xunit;
using Xunit;

// The framework line from getting-started: the adapter's runners on the lowest xunit it supports.
[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)]
