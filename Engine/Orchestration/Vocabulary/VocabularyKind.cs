namespace Failback.Engine.Orchestration.Vocabulary;

/// <summary>Which field of ASR's API (or of its job view) a vocabulary entry names a value of.</summary>
internal enum VocabularyKind
{
    /// <summary>ReplicationProtectedItemProperties.protectionState.</summary>
    ProtectionState,
    /// <summary>ReplicationProtectedItemProperties.protectionStateDescription.</summary>
    ProtectionStateDescription,
    /// <summary>ReplicationProtectedItemProperties.activeLocation.</summary>
    ActiveLocation,
    /// <summary>replicationHealth and failoverHealth.</summary>
    Health,
    /// <summary>ReplicationProtectedItemProperties.testFailoverState.</summary>
    TestFailoverState,
    /// <summary>ReplicationProtectedItemProperties.testFailoverStateDescription.</summary>
    TestFailoverStateDescription,
    /// <summary>allowedOperations: ReplicationProtectedItemOperation values.</summary>
    AllowedOperation,
    /// <summary>JobProperties.state (and ASRTask.state).</summary>
    JobState,
    /// <summary>JobProperties.stateDescription.</summary>
    JobStateDescription,
    /// <summary>JobProperties.scenarioName.</summary>
    JobScenario,
    /// <summary>JobProperties.friendlyName.</summary>
    JobFriendlyName,
    /// <summary>JobProperties.allowedActions.</summary>
    JobAction,
    /// <summary>ASRTask.name of a job's task.</summary>
    JobTask,
    /// <summary>An error code: ASR's documented number, or one of the project's own FB codes.</summary>
    ErrorCode,
}
