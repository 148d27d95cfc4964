using Failback.Lab.Sessions;
using Microsoft.AspNetCore.Components;

namespace Failback.Lab.Portal;

/// <summary>
/// A live part of a portal page (an interactive server component): it reads its lab when rendered and, once the
/// browser's circuit is connected, again every <see cref="Every"/> of wall time, so RPO, health, jobs and the clock
/// change without a reload. Reads go through the lab's thread as the API's do.
/// </summary>
public abstract class LivePart : ComponentBase, IDisposable
{
    public static readonly TimeSpan Every = TimeSpan.FromMilliseconds(500);

    private readonly CancellationTokenSource _stop = new();

    [Inject] public required LabRegistry Registry { get; set; }

    [Parameter, EditorRequired] public string Lab { get; set; } = "";

    /// <summary>"on" once the part updates itself (the circuit is connected); tests wait for it before clicking.</summary>
    protected string Live => RendererInfo.IsInteractive ? "on" : "off";

    protected abstract Task RefreshAsync(LabSession session);

    /// <summary>
    /// True when the part's state came with the page (a <see cref="PersistentStateAttribute"/> property the prerender
    /// filled): the live part starts from what the page showed instead of rendering empty until its first read.
    /// </summary>
    protected abstract bool Restored { get; }

    protected override async Task OnInitializedAsync()
    {
        if (!Restored) await RefreshAsync(await Registry.OpenAsync(Lab));
        if (RendererInfo.IsInteractive) _ = PollAsync();
    }

    private async Task PollAsync()
    {
        using var timer = new PeriodicTimer(Every);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
                await InvokeAsync(async () =>
                {
                    await RefreshAsync(await Registry.OpenAsync(Lab));
                    StateHasChanged();
                });
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or LabInputException)
        {
            // The page was closed, or the lab deleted: the part stops updating.
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _stop.Dispose();
        GC.SuppressFinalize(this);
    }
}
