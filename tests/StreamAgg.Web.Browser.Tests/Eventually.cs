namespace StreamAgg.Web.Browser.Tests;

/// <summary>Waits for a condition by polling it, instead of sleeping a guessed time.</summary>
internal static class Eventually
{
    // Only a guard against a hang, far above what any wait here takes on a loaded machine.
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(120);

    public static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? every = null)
        where T : class
    {
        var deadline = DateTime.UtcNow + GiveUpAfter;
        while (true)
        {
            if (await probe() is { } found)
            {
                return found;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}.");
            }

            await Task.Delay(every ?? TimeSpan.FromMilliseconds(50));
        }
    }

    public static Task UntilAsync(Func<Task<bool>> probe, string what, TimeSpan? every = null) =>
        UntilAsync<object>(async () => await probe() ? new object() : null, what, every);

    public static Task UntilAsync(Func<bool> probe, string what) =>
        UntilAsync(() => Task.FromResult(probe()), what);
}
