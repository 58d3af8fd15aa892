extern alias cli;

using Hotline.Api.V1;
using Hotline.Tests.Infrastructure;
using Hotline.Tests.Security;

namespace Hotline.Tests.Cli;

/// <summary><c>hotline case erase-caller</c> reads the number from standard input and says what became of each case.</summary>
public sealed class ErasureCommandTests : HostedTest
{
    [Fact]
    public async Task ErasePersonTakesTheNumberFromStandardInputAndListsTheCasesErased()
    {
        var request = Requests.Contact("AZ-ISM", "lez");
        request.CallerReference = "+994 50 222 33 44";
        var contact = await Host.Intake.OpenContactAsync(request);
        await Host.Intake.AbandonContactAsync(new AbandonContactRequest { ContactId = contact.ContactId });

        var console = new RecordingConsole();
        var output = new StringWriter();
        var environment = new cli::Hotline.Cli.CliEnvironment(console, output, new StringWriter(), _ => null, new StringReader("+994502223344\n"));
        var exit = await cli::Hotline.Cli.HotlineCli.RunAsync(
            ["case", "erase-caller", "--caller-reference", "-", "--json", "--address", Host.Address, "--token", Host.Token(People.Admin)], environment);

        Assert.Equal(0, exit);
        var result = EraseCallerResponse.Parser.ParseJson(output.ToString().Trim());
        Assert.Equal(contact.CaseId, Assert.Single(result.Cases).CaseId);
        Assert.Equal("", (await Host.Intake.GetContactAsync(new GetContactRequest { ContactId = contact.ContactId })).Summary);
    }
}
