namespace TaskLeakAssert.FluentAssertions;

/// <summary>Puts a report into a FluentAssertions failure message, whose braces are placeholders.</summary>
internal static class FailureText
{
    public static string Append(string sentence, string report) =>
        sentence + Environment.NewLine + Environment.NewLine + report.Replace("{", "{{", StringComparison.Ordinal).Replace("}", "}}", StringComparison.Ordinal);
}
