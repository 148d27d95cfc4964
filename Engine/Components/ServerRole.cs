namespace Failback.Engine.Components;

public enum ServerRole { ConfigurationServer, ProcessServer, MasterTarget }
