namespace Failback.Engine.Orchestration.Vocabulary;

/// <summary>
/// One name users see, with what it rests on: a public source (a spec file or documentation page), or, where
/// no public source names it, <see cref="ClosestPattern"/> is true and <see cref="Source"/> says which
/// documented pattern it follows.
/// </summary>
internal sealed record VocabularyEntry(VocabularyKind Kind, string Name, string Source, bool ClosestPattern = false);
