using Microsoft.VisualStudio.TestTools.UnitTesting;
using TaskLeakAssert.MSTest.Execution;

namespace TaskLeakAssert.MSTest;

/// <summary>
/// MSTest's <c>[TestClass]</c>, with each test method run through the leak check wherever
/// <see cref="AssertNoLeakedTasksAttribute"/> applies (on the method, the class or the assembly). A test it
/// does not apply to runs exactly as under <c>[TestClass]</c>.
/// </summary>
/// <remarks>
/// The package makes <c>[TestClass]</c> mean this attribute in the test project that installs it (a global
/// using alias). With <c>&lt;TaskLeakAssertTestClassAlias&gt;false&lt;/TaskLeakAssertTestClassAlias&gt;</c> in
/// the project file, write <c>[LeakCheckedTestClass]</c> on the classes to check instead. A suite with its own
/// test class attribute derives it from this one.
/// </remarks>
[AttributeUsage(AttributeTargets.Class, Inherited = false)]
public class LeakCheckedTestClassAttribute : TestClassAttribute
{
    /// <summary>The class's test method attribute, wrapped so that the leak check runs around the test's lifetime.</summary>
    /// <param name="testMethodAttribute">The test method attribute on the method.</param>
    /// <returns>The attribute MSTest runs the test with.</returns>
    public override TestMethodAttribute? GetTestMethodAttribute(TestMethodAttribute testMethodAttribute)
    {
        var attribute = base.GetTestMethodAttribute(testMethodAttribute);
        return attribute is null or LeakCheckingTestMethodAttribute ? attribute : new LeakCheckingTestMethodAttribute(attribute);
    }
}
