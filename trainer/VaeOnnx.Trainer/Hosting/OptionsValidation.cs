using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace VaeOnnx.Trainer.Hosting;

/// <summary>Binds and validates <see cref="TrainerOptions"/>; failures become one line naming the switch.</summary>
internal static class OptionsValidation
{
    /// <summary>Binds the section; returns the options or a one-line error.</summary>
    public static (TrainerOptions? Options, string? Error) Bind(IConfiguration configuration)
    {
        var section = configuration.GetSection(TrainerOptions.Section);
        // Bind by hand per property so a bad value names its switch and the text that was given.
        foreach (var property in typeof(TrainerOptions).GetProperties())
        {
            string? raw = section[property.Name];
            if (raw is null)
            {
                continue;
            }
            var type = Nullable.GetUnderlyingType(property.PropertyType) ?? property.PropertyType;
            bool ok = type == typeof(int) ? int.TryParse(raw, NumberStyles.Integer, CultureInfo.InvariantCulture, out _)
                : type == typeof(double) ? double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out _)
                : type != typeof(bool) || bool.TryParse(raw, out _);
            if (!ok)
            {
                string kind = type == typeof(int) ? "an integer" : type == typeof(double) ? "a number" : "true or false";
                return (null, $"{CommandLine.SwitchFor(property.Name)}: '{raw}' is not {kind}");
            }
        }
        var options = section.Get<TrainerOptions>() ?? new TrainerOptions();
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(options, new ValidationContext(options), results, validateAllProperties: true))
        {
            var first = results[0];
            string member = first.MemberNames.FirstOrDefault() ?? "";
            object? value = typeof(TrainerOptions).GetProperty(member)?.GetValue(options);
            return (null, $"{CommandLine.SwitchFor(member)}: {Describe(first, member)} (got {Convert.ToString(value, CultureInfo.InvariantCulture)})");
        }
        return (options, null);
    }

    private static string Describe(ValidationResult result, string member)
    {
        var attribute = typeof(TrainerOptions).GetProperty(member)?
            .GetCustomAttributes(typeof(ValidationAttribute), true).OfType<ValidationAttribute>().FirstOrDefault();
        return attribute switch
        {
            RangeAttribute r => $"must be between {Convert.ToString(r.Minimum, CultureInfo.InvariantCulture)} and {Convert.ToString(r.Maximum, CultureInfo.InvariantCulture)}",
            RequiredAttribute => "must not be empty",
            _ => result.ErrorMessage ?? "invalid",
        };
    }
}
