namespace Failback.Engine.Ports.VSphere;

/// <summary>
/// The licence edition a host runs under. ESXi free edition (and vSphere Hypervisor) makes the API
/// read-only, so failback to such a host fails (TS-4); evaluation and paid editions allow it.
/// </summary>
public enum LicenseEdition { Free, Evaluation, Standard, Enterprise, EnterprisePlus }
