using Microsoft.Extensions.Logging.Console;

namespace EsCni.Ipamd.Hosting;

/// <summary>Console logging in text (one line per event) or JSON (ESCNI_LOG_FORMAT=json, for log shippers).</summary>
internal static class DaemonLogging
{
    public static ILoggerFactory CreateFactory(DaemonOptions options) =>
        LoggerFactory.Create(builder => Configure(builder, options));

    public static void Configure(ILoggingBuilder builder, DaemonOptions options)
    {
        builder.ClearProviders();
        builder.SetMinimumLevel(Enum.Parse<LogLevel>(options.LogLevel));
        builder.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.AddFilter("Microsoft.Hosting", LogLevel.Warning);
        builder.AddFilter("Grpc", LogLevel.Warning);
        if (options.LogFormat == "json")
        {
            builder.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
            });
        }
        else
        {
            builder.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
                o.UseUtcTimestamp = true;
                o.ColorBehavior = LoggerColorBehavior.Disabled;
            });
        }
    }
}
