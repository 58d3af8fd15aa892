using Google.Protobuf.Reflection;
using Hotline.Api.V1;

namespace Hotline.Gateway.Services;

/// <summary>The hotline's gRPC services as the protos describe them (for rules read from the protos themselves).</summary>
public static class ApiDescriptors
{
    public static IEnumerable<Google.Protobuf.Reflection.ServiceDescriptor> Services =>
        new[] { IntakeReflection.Descriptor, CaseReflection.Descriptor, ResponderReflection.Descriptor, SupervisorReflection.Descriptor, StaffReflection.Descriptor }
            .SelectMany(file => file.Services);

    /// <summary>A method's full name as gRPC routes it: "/hotline.v1.IntakeService/OpenContact".</summary>
    public static string PathOf(MethodDescriptor method) => $"/{method.Service.FullName}/{method.Name}";
}
