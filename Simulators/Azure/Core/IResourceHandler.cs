using Failback.Engine.Ports.Arm;
using Failback.Engine.Ports.Arm.Resources;

namespace Failback.Simulators.Azure.Core;

/// <summary>The untyped face of a <see cref="ResourceHandler{T}"/>.</summary>
internal interface IResourceHandler
{
    string ResourceType { get; }
    Type BodyType { get; }
    (TimeSpan Min, TimeSpan Max) PutTime { get; }
    (TimeSpan Min, TimeSpan Max) DeleteTime { get; }
    PutPlan Put(ResourceId id, ArmResource body, ArmResource? existing);
    void ValidateDelete(ArmResource existing);
    void Delete(ArmResource existing);
    ActionPlan Action(ArmResource existing, string action, IReadOnlyDictionary<string, string> parameters);
}
