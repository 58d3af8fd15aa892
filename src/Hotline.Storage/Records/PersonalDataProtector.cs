using Microsoft.AspNetCore.DataProtection;

namespace Hotline.Security;

/// <summary>
/// Encrypts what is stored about people with ASP.NET Core Data Protection (authenticated
/// encryption; keys rotate, old keys stay to read old records). The key ring lives in the
/// key folder, apart from the database, so a copy of the database alone reveals nothing.
/// </summary>
public sealed class PersonalDataProtector(IDataProtectionProvider provider)
{
    private readonly IDataProtector _protector = provider.CreateProtector("hotline.personal-data.v1");

    public string Seal(byte[] plain) => Convert.ToBase64String(_protector.Protect(plain));

    public byte[] Unseal(string sealedText) => _protector.Unprotect(Convert.FromBase64String(sealedText));

    public byte[] SealBytes(byte[] plain) => _protector.Protect(plain);

    public byte[] UnsealBytes(byte[] sealedBytes) => _protector.Unprotect(sealedBytes);
}
