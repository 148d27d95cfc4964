using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;

namespace Failback.Simulators.Azure.Core;

/// <summary>
/// One resource type's rules. Every check runs before any change, so a refused request (an
/// <see cref="ArmException"/>) leaves every resource as it was.
/// </summary>
internal abstract class ResourceHandler<T>(AzureCloud cloud) : IResourceHandler where T : ArmResource
{
    protected AzureCloud Cloud { get; } = cloud;
    protected ResourceStore Store => Cloud.Store;

    public abstract string ResourceType { get; }
    public Type BodyType => typeof(T);
    public abstract (TimeSpan Min, TimeSpan Max) PutTime { get; }
    public virtual (TimeSpan Min, TimeSpan Max) DeleteTime => (TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30));

    public PutPlan Put(ResourceId id, ArmResource body, ArmResource? existing) => Put(id, (T)body, (T?)existing);

    public void ValidateDelete(ArmResource existing) => ValidateDelete((T)existing);

    public void Delete(ArmResource existing) => Delete((T)existing);

    public ActionPlan Action(ArmResource existing, string action, IReadOnlyDictionary<string, string> parameters) =>
        Action((T)existing, action, parameters);

    protected abstract PutPlan Put(ResourceId id, T body, T? existing);

    protected virtual void ValidateDelete(T existing) { }

    /// <summary>Removes the resource when its DELETE completes; releases what it held.</summary>
    protected virtual void Delete(T existing) => Store.Remove(existing.Id!);

    protected virtual ActionPlan Action(T existing, string action, IReadOnlyDictionary<string, string> parameters) =>
        throw ArmErrors.Invalid(existing.Id!.ToString(), $"'{ResourceType}' has no action '{action}'.", "InvalidResourceOperation");

    protected static void Require(bool condition, string target, string message, string code = "InvalidParameter")
    {
        if (!condition) throw ArmErrors.Invalid(target, message, code);
    }
}
