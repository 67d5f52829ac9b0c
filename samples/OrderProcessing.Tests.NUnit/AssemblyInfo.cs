// begin-snippet: nunit
using NUnit.Framework;
using TaskLeakAssert.NUnit;

[assembly: AssertNoLeakedTasks]
[assembly: Parallelizable(ParallelScope.Fixtures)]
// end-snippet
