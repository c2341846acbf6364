namespace EsCni.Plugin.Wiring;

/// <summary>Random locally administered unicast MAC addresses and their text form.</summary>
internal static class MacAddress
{
    /// <summary>Six random bytes with the multicast bit cleared and the locally-administered bit set.</summary>
    /// <remarks>
    /// Random.Shared is seeded from the OS (getrandom); collisions only matter between the two ends of one
    /// link and its neighbours, so 46 random bits suffice. RandomNumberGenerator would load OpenSSL (~ms).
    /// </remarks>
    public static byte[] NewLocallyAdministered()
    {
        byte[] mac = new byte[6];
        Random.Shared.NextBytes(mac);
        mac[0] = (byte)((mac[0] & 0xfe) | 0x02);
        return mac;
    }

    public static string Format(ReadOnlySpan<byte> mac)
    {
        return string.Create(mac.Length * 3 - 1, mac.ToArray(), static (text, bytes) =>
        {
            const string Hex = "0123456789abcdef";
            for (int i = 0; i < bytes.Length; i++)
            {
                if (i > 0)
                {
                    text[i * 3 - 1] = ':';
                }

                text[i * 3] = Hex[bytes[i] >> 4];
                text[i * 3 + 1] = Hex[bytes[i] & 0xf];
            }
        });
    }
}
