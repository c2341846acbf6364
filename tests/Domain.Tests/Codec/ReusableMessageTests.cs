using System;
using System.Linq;
using EsCni.Domain.Codec;
using EsCni.Domain.Codec.Proto;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace EsCni.Domain.Tests.Codec;

/// <summary>A message the decoder reuses must come out of Reset exactly as new: every field, presence bit and unknown field.</summary>
public class ReusableMessageTests
{
    public static TheoryData<string> ReusableTypes() =>
        new(typeof(EventCodec).Assembly.GetTypes()
            .Where(t => typeof(IReusableMessage).IsAssignableFrom(t) && !t.IsInterface)
            .Select(t => t.Name));

    [Theory]
    [MemberData(nameof(ReusableTypes))]
    public void Reset_OfMessageWithEveryFieldSet_EqualsANewOne(string typeName)
    {
        Type type = typeof(EventCodec).Assembly.GetTypes().Single(t => t.Name == typeName && typeof(IReusableMessage).IsAssignableFrom(t));
        IMessage message = (IMessage)Activator.CreateInstance(type)!;
        FillEveryField(message);
        message.MergeFrom(new byte[] { 0x98, 0x06, 42 }); // field 99: an unknown field

        ((IReusableMessage)message).Reset();

        AssertFresh(message);
    }

    private static void FillEveryField(IMessage message)
    {
        foreach (FieldDescriptor field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            Assert.False(field.IsRepeated, $"{message.Descriptor.Name}.{field.Name}: a repeated field needs Clear() in Reset and a case here");
            object value = field.FieldType switch
            {
                FieldType.String => "x",
                FieldType.Fixed32 or FieldType.UInt32 => 7u,
                FieldType.Fixed64 or FieldType.UInt64 => 7UL,
                FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => 7,
                FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => 7L,
                FieldType.Bool => true,
                FieldType.Enum => Enum.ToObject(field.Accessor.GetValue(message).GetType(), 1),
                FieldType.Message => Filled(field.MessageType),
                _ => throw new InvalidOperationException($"{message.Descriptor.Name}.{field.Name}: type {field.FieldType} needs a case here"),
            };
            field.Accessor.SetValue(message, value);
        }
    }

    private static IMessage Filled(MessageDescriptor descriptor)
    {
        IMessage nested = descriptor.Parser.ParseFrom([]);
        FillEveryField(nested);
        return nested;
    }

    private static void AssertFresh(IMessage message)
    {
        foreach (FieldDescriptor field in message.Descriptor.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.Message))
        {
            // Reset keeps nested messages for reuse: they must be fresh themselves.
            if (field.Accessor.GetValue(message) is IMessage nested)
            {
                AssertFresh(nested);
                field.Accessor.Clear(message);
            }
        }

        Assert.Equal(Activator.CreateInstance(message.GetType()), message);
    }
}
