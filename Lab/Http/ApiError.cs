namespace Failback.Lab.Http;

/// <summary>An error answer shaped as ARM's (<c>{"error": {"code", "message"}}</c>), which ASR's clients and the SDKs read.</summary>
internal static class ApiError
{
    public static IResult Of(int status, string code, string message) =>
        Results.Json(new { error = new { code, message } }, statusCode: status);
}
