// begin-snippet: mstest
using TaskLeakAssert.MSTest;

[assembly: AssertNoLeakedTasks]
[assembly: Parallelize(Scope = ExecutionScope.MethodLevel)]
// end-snippet
