using FluentAssertions;
using FluentAssertions.Execution;
using FluentAssertions.Primitives;

namespace TaskLeakAssert.FluentAssertions;

/// <summary>Assertions on a <see cref="TaskLeakReport"/>: <c>report.Should().BeClean()</c>.</summary>
public sealed class TaskLeakReportAssertions : ReferenceTypeAssertions<TaskLeakReport, TaskLeakReportAssertions>
{
    /// <summary>Creates the assertions for a report.</summary>
    /// <param name="subject">The report under test.</param>
    public TaskLeakReportAssertions(TaskLeakReport subject)
        : base(subject)
    {
    }

    /// <inheritdoc />
    protected override string Identifier => "report";

    /// <summary>Asserts that nothing leaked.</summary>
    /// <param name="because">Why, for the failure message.</param>
    /// <param name="becauseArgs">Arguments for <paramref name="because"/>.</param>
    [CustomAssertion]
    public AndConstraint<TaskLeakReportAssertions> BeClean(string because = "", params object[] becauseArgs)
    {
        bool hasReport = Execute.Assertion
            .BecauseOf(because, becauseArgs)
            .ForCondition(Subject is not null)
            .FailWith("Expected {context:report} to be clean{reason}, but found <null>.");
        if (hasReport)
        {
            Execute.Assertion
                .BecauseOf(because, becauseArgs)
                .ForCondition(Subject!.IsClean)
                .FailWith(FailureText.Append("Expected {context:report} to be clean{reason}, but it was not:", Subject.ToString()));
        }

        return new AndConstraint<TaskLeakReportAssertions>(this);
    }
}
