namespace EsCni.Domain;

/// <summary>
/// Why reflection over EsCni's own types is safe in the daemon's trimmed publish (<c>src/Ipamd/EsCni.Ipamd.csproj</c>):
/// the justification every <c>UnconditionalSuppressMessage</c> for trim warnings in EsCni code points at.
/// </summary>
/// <remarks>
/// escni-ipamd is published self-contained and trimmed with <c>TrimMode=partial</c>: only assemblies that declare
/// themselves trimmable (the framework, the AWS SDK, Npgsql, Marten) lose members; every EsCni assembly is kept whole,
/// as are the libraries that do not declare it. <c>JsonSerializerIsReflectionEnabledByDefault=true</c> keeps System.Text.Json's
/// reflection resolver. So JSON of EsCni types (records, anonymous types of EsCni assemblies, the framework
/// collections the serializer itself references) and reflection over EsCni's generated protobuf messages find every
/// member they ask for. The integration tests run against that publish (<c>scripts/test.sh</c>).
/// </remarks>
public static class TrimmedPublish
{
    /// <summary>The justification text for a suppressed trim warning on reflection over EsCni types.</summary>
    public const string OwnTypesKeptWhole =
        "escni-ipamd is trimmed with TrimMode=partial (EsCni assemblies are kept whole) and reflection-based JSON enabled; see EsCni.Domain.TrimmedPublish";
}
