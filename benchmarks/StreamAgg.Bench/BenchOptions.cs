using System.CommandLine;
using System.Globalization;
using System.Numerics;

namespace StreamAgg.Bench;

/// <summary>
/// Options the bench sub-commands share, and their checks. The checks are parse-time validators,
/// so a bad value is reported by System.CommandLine before anything starts, whichever host runs the command.
/// </summary>
internal static class BenchOptions
{
    public static Option<string?> Postgres() => new("--postgres")
    {
        Description = "PostgreSQL connection string (default: $STREAMAGG_POSTGRES).",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("STREAMAGG_POSTGRES"),
    };

    /// <summary>Rejects zero, negative (and non-finite) values with "--name must be positive, got N.".</summary>
    public static void MustBePositive<T>(params Option<T>[] options)
        where T : INumber<T>
    {
        foreach (var option in options)
        {
            option.Validators.Add(result =>
            {
                var value = result.GetValueOrDefault<T>();
                if (!(value > T.Zero) || !T.IsFinite(value))
                {
                    result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be positive, got {value}."));
                }
            });
        }
    }

    /// <summary>Rejects negative values with "--name must be 0 or more, got N.".</summary>
    public static void MustNotBeNegative(params Option<int>[] options)
    {
        foreach (var option in options)
        {
            option.Validators.Add(result =>
            {
                var value = result.GetValueOrDefault<int>();
                if (value < 0)
                {
                    result.AddError(string.Create(CultureInfo.InvariantCulture, $"{option.Name} must be 0 or more, got {value}."));
                }
            });
        }
    }
}
