using System.Text.RegularExpressions;

namespace TaskLeakAssert.Tests.Support;

/// <summary>Makes report text comparable: paths become file names; line numbers, measured times and tracked counts become #.</summary>
public static partial class ReportText
{
    public static string Normalize(string report)
    {
        string text = PathPattern().Replace(report, m => $" in {Path.GetFileName(m.Groups["file"].Value)}:#");
        text = WaitedPattern().Replace(text, "${label} #");
        text = TrackedPattern().Replace(text, "# tracked");
        return text.ReplaceLineEndings("\n");
    }

    // The file is what follows the last " in " of a frame line: "lambda in X.Test in /src/X.cs:12".
    [GeneratedRegex(@" in (?<file>(?:(?! in )[^\r\n])+?\.cs):\d+")]
    private static partial Regex PathPattern();

    [GeneratedRegex(@"\d+ tracked")]
    private static partial Regex TrackedPattern();

    [GeneratedRegex(@"(?<label>waited|within) \d+(\.\d+)? m?s")]
    private static partial Regex WaitedPattern();
}
