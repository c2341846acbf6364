using System.Globalization;

namespace EsCni.Plugin.Netlink;

/// <summary>The errno values the plugin reacts to, and their names for messages.</summary>
internal static class Errnos
{
    public const int EPERM = 1;
    public const int ENOENT = 2;
    public const int ESRCH = 3;
    public const int EINTR = 4;
    public const int EBADF = 9;
    public const int EAGAIN = 11;
    public const int EEXIST = 17;
    public const int ENODEV = 19;
    public const int EINVAL = 22;
    public const int ENOBUFS = 105;
    public const int ENETDOWN = 100;
    public const int EADDRNOTAVAIL = 99;
    public const int EOPNOTSUPP = 95;

    /// <summary>True for the answers a delete gets when the object is already gone.</summary>
    public static bool IsAlreadyGone(int errno) => errno is ENOENT or ESRCH or ENODEV or EADDRNOTAVAIL;

    public static string Name(int errno) => errno switch
    {
        EPERM => "EPERM",
        ENOENT => "ENOENT",
        ESRCH => "ESRCH",
        EINTR => "EINTR",
        EBADF => "EBADF",
        EAGAIN => "EAGAIN",
        EEXIST => "EEXIST",
        ENODEV => "ENODEV",
        EINVAL => "EINVAL",
        ENOBUFS => "ENOBUFS",
        ENETDOWN => "ENETDOWN",
        EADDRNOTAVAIL => "EADDRNOTAVAIL",
        EOPNOTSUPP => "EOPNOTSUPP",
        _ => "errno " + errno.ToString(CultureInfo.InvariantCulture),
    };
}
