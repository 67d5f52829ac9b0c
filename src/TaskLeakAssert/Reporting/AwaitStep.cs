namespace TaskLeakAssert.Reporting;

/// <summary>One link of an await chain: what is awaited there, and the task's id when it is a task.</summary>
internal sealed record AwaitStep(string Text, AwaitTarget Target, int? TaskId);
