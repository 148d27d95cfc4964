namespace Failback.Lab.Sessions;

/// <summary>Who acts in a lab: a trainee runs the drill language's steps; an instructor also injects faults and controls time.</summary>
public enum LabRole
{
    Trainee,
    Instructor,
}
