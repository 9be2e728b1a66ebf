namespace StreamAgg.Core.Engagement;

/// <summary>
/// The <see cref="IKeyStateSource"/> under the engine failed (a disk error, a full disk, a lost
/// state directory). Unlike a defect met while applying one event, this is no property of the
/// event: <see cref="EventIngest"/> lets it through instead of dead-lettering the event, so the
/// runtime stops rather than drop input or emit a row built without the key's history.
/// </summary>
public sealed class KeyStateSourceException : Exception
{
    /// <summary>Creates the exception.</summary>
    public KeyStateSourceException(string message, Exception? inner = null)
        : base(message, inner)
    {
    }
}
