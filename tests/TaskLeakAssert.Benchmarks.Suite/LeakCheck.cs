#if LEAK_CHECK
using TaskLeakAssert.XunitV3;

#if LEAK_CHECK_FRAMEWORK
[assembly: Xunit.TestFramework(typeof(TaskLeakTestFramework))]
#endif
[assembly: AssertNoLeakedTasks]
#endif
