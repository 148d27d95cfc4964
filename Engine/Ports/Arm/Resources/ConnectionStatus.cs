namespace Failback.Engine.Ports.Arm.Resources;

public enum ConnectionStatus { Unknown, Connecting, Connected, NotConnected }
