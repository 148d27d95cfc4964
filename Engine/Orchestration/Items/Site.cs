namespace Failback.Engine.Orchestration.Items;

/// <summary>The two sites of the cycle; an item's active location is where its machine runs.</summary>
public enum Site
{
    OnPremises,
    Azure,
}
