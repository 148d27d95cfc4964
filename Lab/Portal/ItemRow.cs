using System.Text.Json;

namespace Failback.Lab.Portal;

/// <summary>A row of the Replicated items grid: the API's item view, with the RPO in seconds to sort by; the last
/// recovery point's time as the API gives it (ISO 8601, so it sorts as text), empty while there is none.</summary>
public sealed record ItemRow(string Name, string Health, string Status, string Location, string Rpo, double RpoSeconds, string LastRecoveryPoint)
{
    internal static ItemRow Of(JsonElement item) => new(
        PortalText.S(item, "name"), PortalText.S(item, "replicationHealth"), PortalText.S(item, "protectionStateDescription"),
        PortalText.S(item, "activeLocation"), PortalText.S(item, "rpo"), item.GetProperty("rpoSeconds").GetDouble(), PortalText.S(item, "lastRecoveryPoint"));
}
