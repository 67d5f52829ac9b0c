namespace TaskLeakAssert.Reporting;

/// <summary>One link of an await chain: what is awaited there, and the task's id when it is a task.</summary>
/// <param name="Text">What is awaited, in the terms of the API the user called.</param>
/// <param name="Target">What kind of wait it is, which decides the hint.</param>
/// <param name="TaskId">The awaited task's id, when it is a task.</param>
/// <param name="HasCancelableToken">The wait was given a token that can be canceled: what is missing is someone who cancels it.</param>
/// <param name="Owner">For the last step: the type of the object whose method waits there, the likely owner of its token.</param>
/// <param name="HasTimeout">The wait was given a timeout (<c>WaitAsync(timeout)</c>): it wakes up, and a loop around it waits again.</param>
internal sealed record AwaitStep(string Text, AwaitTarget Target, int? TaskId, bool HasCancelableToken = false, string? Owner = null, bool HasTimeout = false);
