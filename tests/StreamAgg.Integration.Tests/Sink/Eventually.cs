using System.Diagnostics;

namespace StreamAgg.Integration.Tests.Sink;

// Waits on conditions. The limit only stops a broken test from hanging; nothing asserts on time.
internal static class Eventually
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task HoldsAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Patience)
                throw new Xunit.Sdk.XunitException($"Still not true after {Patience}: {what}");
            await Task.Delay(20);
        }
    }

    public static Task HoldsAsync(Func<bool> condition, string what) => HoldsAsync(() => Task.FromResult(condition()), what);
}
