using System.Diagnostics.CodeAnalysis;
using System.Linq.Expressions;
using System.Reflection;

namespace EsCni.Domain.Codec.Mapping;

/// <summary>Whether a generated message was read with field numbers its descriptor does not declare (a newer release's fields).</summary>
/// <remarks>
/// Google.Protobuf keeps such fields in the generated private <c>_unknownFields</c> and writes them back, but offers no
/// public way to ask for them. Reading that field (once compiled per type) works for every message, so a new event
/// type keeps newer fields without a declaration of its own that could be forgotten. The codec uses it to keep the
/// bytes of an event a newer release wrote (<see cref="NewerFields"/>), and only then.
/// </remarks>
internal static class UnknownFields<[DynamicallyAccessedMembers(UnknownFields.MessageMembers)] TMessage>
    where TMessage : class, IMessage<TMessage>
{
    private static readonly Func<TMessage, bool> s_present = Compile();

    /// <summary>True when <paramref name="message"/> holds fields this build does not know.</summary>
    public static bool In(TMessage? message) => message is not null && s_present(message);

    private static Func<TMessage, bool> Compile()
    {
        FieldInfo field = typeof(TMessage).GetField("_unknownFields", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException($"{typeof(TMessage).Name} has no _unknownFields: the Google.Protobuf generator changed; keep NewerFields working before upgrading it.");
        ParameterExpression m = Expression.Parameter(typeof(TMessage), "m");
        return Expression.Lambda<Func<TMessage, bool>>(Expression.NotEqual(Expression.Field(m, field), Expression.Constant(null)), m).Compile();
    }
}

/// <summary>What <see cref="UnknownFields{TMessage}"/> reads of a message type by reflection, for the trimmer.</summary>
internal static class UnknownFields
{
    /// <summary>The generated private <c>_unknownFields</c>.</summary>
    public const DynamicallyAccessedMemberTypes MessageMembers = DynamicallyAccessedMemberTypes.NonPublicFields;
}
