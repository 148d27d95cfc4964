using System.Collections.Concurrent;
using System.Text.Json;
using Json.Schema;

namespace Failback.Lab.Tests.Arm;

/// <summary>
/// The JSON Schemas of ASR's models (Schemas/*.json, extracted from the 2023-06-01 spec through the official SDK's
/// AutoRest mappers by properties/arm-sdk/schemas.mjs), judged by JsonSchema.Net with formats checked.
/// </summary>
public static class SpecSchemas
{
    private static readonly ConcurrentDictionary<string, JsonSchema> Loaded = new();

    public static string Folder => Path.Combine(RepoRoot.Path, "properties", "Lab.Tests", "Arm", "Schemas");

    /// <summary>What is wrong with <paramref name="answer"/> as the spec's <paramref name="model"/>; empty when it is valid.</summary>
    public static IReadOnlyList<string> Problems(string model, JsonElement answer)
    {
        var schema = Loaded.GetOrAdd(model, m => JsonSchema.FromText(File.ReadAllText(Path.Combine(Folder, m + ".json"))));
        var result = schema.Evaluate(answer, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        return result.IsValid ? []
            : [.. (result.Details ?? []).Where(d => d.Errors is { Count: > 0 }).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")).Distinct().Take(20)];
    }

    /// <summary>The model of a resource by its ARM type: what an operation's result is judged as.</summary>
    public static string ModelOf(JsonElement resource) => resource.GetProperty("type").GetString() switch
    {
        "Microsoft.RecoveryServices/vaults/replicationFabrics/replicationProtectionContainers/replicationProtectedItems" => "ReplicationProtectedItem",
        "Microsoft.RecoveryServices/vaults/replicationRecoveryPlans" => "RecoveryPlan",
        "Microsoft.RecoveryServices/vaults/replicationJobs" => "Job",
        var type => throw new Xunit.Sdk.XunitException($"no spec model is known for an operation's result of type '{type}': {resource}"),
    };

    public static void AssertValid(string model, JsonElement answer)
    {
        var problems = Problems(model, answer);
        Xunit.Assert.True(problems.Count == 0, $"not a valid {model}:\n{string.Join("\n", problems)}\n{answer}");
    }
}
