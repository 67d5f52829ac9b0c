using System.Text.RegularExpressions;

namespace TaskLeakAssert.Docs.Tests;

/// <summary>
/// Makes report text comparable across runs and machines: directories, line numbers, measured times and
/// counts that depend on timing become #. Everything else must match to the letter.
/// </summary>
public static partial class ReportText
{
    public static string[] NormalizedLines(string report)
    {
        string text = report.ReplaceLineEndings("\n");
        text = SourceLocation().Replace(text, " in ${file}:#");
        text = Duration().Replace(text, "# s");
        text = Counted().Replace(text, "# ${noun}s");
        text = Multiplier().Replace(text, "×#");
        text = EntryNumber().Replace(text, "[#]");
        return text.Split('\n').Select(l => l.TrimEnd()).ToArray();
    }

    /// <summary>Whether the excerpt's lines appear, in order and together, in the report.</summary>
    public static bool IsExcerptOf(string excerpt, string report)
    {
        var part = NormalizedLines(excerpt.Trim());
        var whole = NormalizedLines(report);
        for (int start = 0; start + part.Length <= whole.Length; start++)
        {
            if (whole.AsSpan(start, part.Length).SequenceEqual(part))
            {
                return true;
            }
        }

        return false;
    }

    [GeneratedRegex(@" in (?:[^\s]*[/\\])?(?<file>[^/\\\s]+\.cs):\d+")]
    private static partial Regex SourceLocation();

    [GeneratedRegex(@"\b\d+(\.\d+)? (ms|s)\b")]
    private static partial Regex Duration();

    [GeneratedRegex(@"\b\d+ (?<noun>tracked task|leaked task|problem|task|timer|run)s?\b")]
    private static partial Regex Counted();

    [GeneratedRegex(@"×\d+")]
    private static partial Regex Multiplier();

    [GeneratedRegex(@"^\[\d+\]", RegexOptions.Multiline)]
    private static partial Regex EntryNumber();
}
