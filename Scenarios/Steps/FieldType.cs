namespace Failback.Scenarios.Steps;

/// <summary>What a field of a step, an expectation or a fault rule takes; the schema and the README say the same.</summary>
internal enum FieldType
{
    /// <summary>Any text.</summary>
    Text,
    /// <summary>A list of steps (a <c>parallel</c> step's).</summary>
    Steps,
    /// <summary>A non-empty name (a VM, a host, a server, ...).</summary>
    Name,
    /// <summary>One name or a list of names.</summary>
    Names,
    /// <summary>A list whose items are a name or a list of names (a recovery plan's groups).</summary>
    NameGroups,
    /// <summary>A whole number within <see cref="Field.Min"/>..<see cref="Field.Max"/>.</summary>
    Integer,
    /// <summary>A number from 0 to 1.</summary>
    Probability,
    /// <summary>true or false.</summary>
    Boolean,
    /// <summary>A duration: 90s, 30m, 1h30m, 2d.</summary>
    Duration,
    /// <summary>A size: 4KiB, 64MiB, or bytes.</summary>
    Size,
    /// <summary>One size or a list of sizes.</summary>
    Sizes,
    /// <summary>A data rate: 1MiB/s, 100Mbps.</summary>
    Rate,
    /// <summary>One of <see cref="Field.Choices"/> (or, with <see cref="Field.Pattern"/>, text matching it).</summary>
    Choice,
    /// <summary>One or a list of <see cref="Field.Choices"/>.</summary>
    Choices,
    /// <summary>A map of text to text.</summary>
    TextMap,
    /// <summary>An error code: text or a number.</summary>
    Code,
    /// <summary>A map of the fields <see cref="Field.Items"/>.</summary>
    Map,
    /// <summary>A list of maps of the fields <see cref="Field.Items"/>.</summary>
    MapList,
}
