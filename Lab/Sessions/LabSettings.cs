namespace Failback.Lab.Sessions;

/// <summary>The keys of a lab's settings in its journal, and their bounds.</summary>
public static class LabSettings
{
    public const string Name = "name";
    /// <summary>The drill file the lab was created from (its folder resolves <c>data:</c> files).</summary>
    public const string File = "file";
    /// <summary>The drill's text as it was at creation: the lab does not change when the file does.</summary>
    public const string Drill = "drill";
    public const string Seed = "seed";
    /// <summary>Virtual seconds per wall second; 0 is a manual lab.</summary>
    public const string Speed = "speed";
    public const string Paused = "paused";
    /// <summary>SHA-256 (hex) of the trainee's token; the token itself is shown once, at creation.</summary>
    public const string TraineeToken = "trainee-token-sha256";
    public const string InstructorToken = "instructor-token-sha256";

    /// <summary>The fastest pace: an hour of virtual time per wall second.</summary>
    public const double MaxSpeed = 3600;
}
