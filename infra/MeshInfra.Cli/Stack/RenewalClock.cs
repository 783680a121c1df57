using System.Globalization;
using MeshInfra.Model.Config;

namespace MeshInfra.Cli.Stack;

/// <summary>
/// The day the renewal clock (trust.renewal) reads: today in UTC, or MESHINFRA_TODAY (YYYY-MM-DD) to
/// see the plan of another day, e.g. the deploy a renewal date falls on. Tests set it for determinism.
/// </summary>
public static class RenewalClock
{
    public const string Variable = "MESHINFRA_TODAY";

    public static DateOnly Today(List<ConfigError> errors)
    {
        var text = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrEmpty(text))
        {
            return DateOnly.FromDateTime(DateTime.UtcNow);
        }

        if (DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            return day;
        }

        errors.Add(new ConfigError(Variable, $"'{ConfigKeyPath.Clip(text)}' is not a date; write it as YYYY-MM-DD, or unset it to use today"));
        return default;
    }
}
