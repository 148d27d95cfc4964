namespace Failback.Engine.Ports;

/// <summary>
/// A disk that takes a write as <see cref="WriteData"/> (the mobility agent's filter keeps the description, not a
/// copy of the bytes). Optional: a caller without it writes the bytes.
/// </summary>
internal interface IWriteDataTarget
{
    void Write(long offset, WriteData data);
}
