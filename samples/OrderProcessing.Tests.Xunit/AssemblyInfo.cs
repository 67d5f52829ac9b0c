// begin-snippet: xunit-framework
using TaskLeakAssert.Xunit;
using Xunit;

[assembly: TestFramework(TaskLeakTestFramework.TypeName, TaskLeakTestFramework.AssemblyName)]
// end-snippet
