using System.Globalization;
using System.Text;
using System.Xml;
using Failback.Simulators.Kernel;

namespace Failback.Scenarios.Running;

/// <summary>
/// Writes JUnit XML in the Apache Ant format that CI servers read (Jenkins, GitLab, Azure DevOps), with every
/// attribute and element the format's schema requires, as UTF-8 that says so. Times are virtual and the
/// timestamp is the simulation's epoch and the host "localhost", so the same runs give the same bytes.
/// </summary>
public static class JUnitWriter
{
    public static string Write(IReadOnlyList<JUnitSuite> suites)
    {
        using var buffer = new MemoryStream();
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false) };
        using (var w = XmlWriter.Create(buffer, settings))
        {
            w.WriteStartDocument();
            w.WriteStartElement("testsuites");
            for (var id = 0; id < suites.Count; id++)
            {
                var suite = suites[id];
                w.WriteStartElement("testsuite");
                w.WriteAttributeString("name", Xml(suite.Name));
                w.WriteAttributeString("package", Xml(suite.Package));
                w.WriteAttributeString("id", Number(id));
                w.WriteAttributeString("timestamp", VirtualClock.DefaultEpoch.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture));
                w.WriteAttributeString("hostname", "localhost");
                w.WriteAttributeString("tests", Number(suite.Cases.Count));
                w.WriteAttributeString("failures", Number(suite.Cases.Count(c => c.FailureType is not null)));
                w.WriteAttributeString("errors", "0");
                w.WriteAttributeString("time", Seconds(suite.Time));
                w.WriteStartElement("properties");
                foreach (var (name, value) in suite.Properties)
                {
                    w.WriteStartElement("property");
                    w.WriteAttributeString("name", Xml(name));
                    w.WriteAttributeString("value", Xml(value));
                    w.WriteEndElement();
                }
                w.WriteEndElement();
                foreach (var c in suite.Cases)
                {
                    w.WriteStartElement("testcase");
                    w.WriteAttributeString("name", Xml(c.Name));
                    w.WriteAttributeString("classname", Xml(c.ClassName));
                    w.WriteAttributeString("time", Seconds(c.Time));
                    if (c.FailureType is not null)
                    {
                        w.WriteStartElement("failure");
                        w.WriteAttributeString("message", Xml(c.FailureMessage ?? ""));
                        w.WriteAttributeString("type", c.FailureType);
                        w.WriteString(Xml(c.FailureText ?? ""));
                        w.WriteEndElement();
                    }
                    w.WriteEndElement();
                }
                w.WriteElementString("system-out", "");
                w.WriteElementString("system-err", "");
                w.WriteEndElement();
            }
            w.WriteEndElement();
            w.WriteEndDocument();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    private static string Number(int n) => n.ToString(CultureInfo.InvariantCulture);

    private static string Seconds(TimeSpan t) => t.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>XML 1.0 cannot carry most control characters (a NUL from a file): they are written as \x00 instead of failing the write.</summary>
    public static string Xml(string text)
    {
        var s = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsSurrogatePair(text, i)) s.Append(text, i++, 2);
            else if (XmlConvert.IsXmlChar(text[i])) s.Append(text[i]);
            else s.Append(CultureInfo.InvariantCulture, $"\\x{(int)text[i]:x2}");
        }
        return s.ToString();
    }
}
