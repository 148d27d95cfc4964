using Failback.Engine.Ports.Guest;

namespace Failback.Engine.Ports.Arm.Resources;

/// <summary>A marketplace image reference, as a VM's storageProfile.imageReference names it.</summary>
public sealed record ImageReference(string Publisher, string Offer, string Sku, string Version = "latest");

/// <summary>A marketplace image: its display name (e.g. "Microsoft Azure Site Recovery Process Server V2") and the guest it boots.</summary>
public sealed record MarketplaceImage(ImageReference Reference, string DisplayName, DeploymentModel[] Models, GuestState Guest);
