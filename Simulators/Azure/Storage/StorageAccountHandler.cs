using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;
using Failback.Simulators.Azure.Core;

namespace Failback.Simulators.Azure.Storage;

/// <summary>Storage accounts of one deployment model: globally unique names, a public blob endpoint, containers of page blobs.</summary>
internal sealed class StorageAccountHandler(AzureCloud cloud, DeploymentModel model) : ResourceHandler<StorageAccount>(cloud)
{
    private static readonly string[] SkuNames = ["Standard_LRS", "Standard_GRS", "Standard_RAGRS", "Standard_ZRS", "Premium_LRS"];

    public override string ResourceType => $"{ArmTypes.StorageProvider(model)}/{ArmTypes.StorageAccounts}";
    public override (TimeSpan Min, TimeSpan Max) PutTime => (TimeSpan.FromSeconds(15), TimeSpan.FromSeconds(45));

    protected override PutPlan Put(ResourceId id, StorageAccount body, StorageAccount? existing)
    {
        var name = id.Name;
        Require(name.Length is >= 3 and <= 24 && name.All(c => char.IsAsciiDigit(c) || char.IsAsciiLetterLower(c)), "name",
            $"Storage account name '{name}' must be 3 to 24 lowercase letters and digits.", "AccountNameInvalid");
        if (existing is null && Store.All<StorageAccount>().Any(a => a.Name.Equals(name, StringComparison.OrdinalIgnoreCase)))
            throw ArmErrors.Conflict("name", $"The storage account name '{name}' is already taken; names are unique across Azure.", "StorageAccountAlreadyTaken");
        Require(SkuNames.Contains(body.Sku), "sku.name", $"'{body.Sku}' is not a storage SKU; use one of: {string.Join(", ", SkuNames)}.", "InvalidSku");
        Directory.CreateDirectory(Cloud.Vhds.Account(name));
        return new PutPlan(body with { BlobEndpoint = $"https://{name}.blob.core.windows.net/" });
    }

    protected override void ValidateDelete(StorageAccount existing)
    {
        var leased = Cloud.Blobs.BlobsOf(existing.Name).FirstOrDefault(b => b.LeasedBy is not null);
        if (leased is not null)
            throw ArmErrors.Conflict(existing.Id!.ToString(), $"Blob '{leased.Uri}' is the disk of VM '{leased.LeasedBy!.Name}'; delete the VM first.", "StorageAccountHasLeasedBlobs");
    }

    protected override void Delete(StorageAccount existing)
    {
        Cloud.Blobs.DropAccount(existing.Name);
        base.Delete(existing);
    }
}
