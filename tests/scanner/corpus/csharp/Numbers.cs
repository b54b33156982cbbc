using Bandwidth.Net;
using Bandwidth.Net.Api;

public class Numbers
{
    private readonly Client _client = new Client("u-1", "t-2", "s-3");

    public async Task Provision()
    {
        var found = await _client.AvailableNumber.SearchLocalAsync(new LocalNumberQuery { AreaCode = "910", Quantity = 2 });
        var ordered = await _client.AvailableNumber.SearchAndOrderTollFreeAsync(new TollFreeNumberQueryForOrder { Quantity = 1 });
        var id = await _client.PhoneNumber.CreateAsync(new CreatePhoneNumberData { Number = "+19195551212" });
        await _client.PhoneNumber.DeleteAsync(id);
    }
}
