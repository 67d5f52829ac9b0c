using System.Text.RegularExpressions;

namespace TaskLeakAssert.Docs.Tests;

/// <summary>
/// A fenced block in a Markdown file preceded by a marker comment: <c>&lt;!-- snippet: host --&gt;</c> or
/// <c>&lt;!-- report: demo --&gt;</c>.
/// </summary>
public sealed partial record MarkedBlock(string File, string Kind, string Name, string Content, int ContentStart, int ContentLength)
{
    public static IEnumerable<MarkedBlock> In(string file, string kind)
    {
        string text = System.IO.File.ReadAllText(file);
        foreach (Match m in Marker().Matches(text))
        {
            if (m.Groups["kind"].Value == kind)
            {
                var body = m.Groups["body"];
                yield return new MarkedBlock(file, kind, m.Groups["name"].Value, body.Value, body.Index, body.Length);
            }
        }
    }

    /// <summary>Writes new content into this block (UPDATE_DOCS only).</summary>
    public void Replace(string content)
    {
        string text = System.IO.File.ReadAllText(File);
        System.IO.File.WriteAllText(File, text[..ContentStart] + content.TrimEnd() + "\n" + text[(ContentStart + ContentLength)..]);
    }

    [GeneratedRegex(@"<!-- (?<kind>snippet|report): (?<name>[\w-]+) -->\r?\n```\w*\r?\n(?<body>.*?)```", RegexOptions.Singleline)]
    private static partial Regex Marker();
}
