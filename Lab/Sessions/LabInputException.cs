namespace Failback.Lab.Sessions;

/// <summary>
/// Input the lab refuses before anything is journaled or applied (bad JSON, an unknown step or VM, a trainee injecting a
/// fault): the HTTP API answers it with an ARM-shaped error (<c>{"error": {"code", "message"}}</c>) and its status.
/// </summary>
public sealed class LabInputException(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;
    public int Status { get; } = status;

    /// <summary>ASR's error when the vault refused the step's operation before any job (its causes and recommended action too).</summary>
    public Engine.Orchestration.Errors.AsrError? Refusal { get; init; }

    /// <summary>A step whose operation the vault refuses before any job, at the lab's current instant: 400 with ASR's code and message.</summary>
    public static LabInputException Refused(Engine.Orchestration.Errors.AsrError error) => new(error.Code, error.Message) { Refusal = error };
}
