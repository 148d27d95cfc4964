using System.Text.Json.Nodes;

namespace Failback.Lab.Arm.Resources;

/// <summary>The VMware fabric's one protection container, paired with Azure, holding every item of the vault.</summary>
internal static class ContainerJson
{
    public static JsonObject Of(VaultView view)
    {
        var name = ArmVault.ContainerName(view.Fabric);
        return Json.Resource(view.Arm.Container(view.Fabric), name, ArmVault.Types.Container, view.Arm.Location, new JsonObject
        {
            ["fabricFriendlyName"] = view.Fabric,
            ["friendlyName"] = name,
            ["fabricType"] = "VMware",
            ["protectedItemCount"] = view.Vault.Items.Count,
            ["pairingStatus"] = "Paired",
            ["role"] = "Primary",
            ["fabricSpecificDetails"] = new JsonObject { ["instanceType"] = "VMware" },
        });
    }
}
