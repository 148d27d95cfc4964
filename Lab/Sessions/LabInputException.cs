namespace Failback.Lab.Sessions;

/// <summary>
/// Input the lab refuses before anything is journaled or applied (bad JSON, an unknown step or VM, a trainee injecting a
/// fault): the HTTP API answers it with an ARM-shaped error (<c>{"error": {"code", "message"}}</c>) and its status.
/// </summary>
public sealed class LabInputException(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;
    public int Status { get; } = status;
}
