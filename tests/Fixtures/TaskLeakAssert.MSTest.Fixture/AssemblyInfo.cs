// Tests run in parallel, each method on its own. The check is opted into per class and per method here
// (the assembly-wide [assembly: AssertNoLeakedTasks] is proven by the sample suite and the install check),
// so a test without the attribute shows that the class attribute changes nothing for it.
[assembly: Parallelize(Workers = 4, Scope = ExecutionScope.MethodLevel)]
