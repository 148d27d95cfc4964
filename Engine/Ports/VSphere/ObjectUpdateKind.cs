namespace Failback.Engine.Ports.VSphere;

/// <summary>How an object changed, in PropertyCollector's words.</summary>
public enum ObjectUpdateKind { Enter, Modify, Leave }
