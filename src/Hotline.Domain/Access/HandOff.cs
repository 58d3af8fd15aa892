namespace Hotline.Access;

/// <summary>Where a supervisor hands a waiting contact: to a chosen responder, or to another region's queue.</summary>
public enum HandOff
{
    ToResponder,
    ToRegion,
}
