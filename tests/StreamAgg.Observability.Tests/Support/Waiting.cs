using System.Diagnostics;

namespace StreamAgg.Observability.Tests.Support;

// The deadline only stops a broken test from hanging; nothing asserts how long anything took.
internal static class Waiting
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task UntilAsync(Func<bool> condition, string what, Func<string>? state = null)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > Patience)
            {
                throw new TimeoutException($"Still waiting for {what}. {state?.Invoke()}");
            }

            await Task.Delay(50);
        }
    }
}
