namespace Failback.Engine.Components;

/// <summary>Health of a process server as the portal shows it; the overall health is the worst alert.</summary>
public enum ServerHealth { Healthy, Warning, Critical }
