using System.Text.Json;

namespace Failback.Lab.Portal;

/// <summary>A row of the Replicated items grid: the API's item view, with the RPO in seconds to sort by.</summary>
public sealed record ItemRow(string Name, string Health, string Status, string Location, string Rpo, double RpoSeconds)
{
    internal static ItemRow Of(JsonElement item) => new(
        PortalText.S(item, "name"), PortalText.S(item, "replicationHealth"), PortalText.S(item, "protectionStateDescription"),
        PortalText.S(item, "activeLocation"), PortalText.S(item, "rpo"), item.GetProperty("rpoSeconds").GetDouble());
}
