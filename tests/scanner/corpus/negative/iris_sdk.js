const numbers = require("@bandwidth/numbers");

numbers.Client.globalOptions.accountId = process.env.BW_ACCOUNT_ID;

async function search() {
  const found = await numbers.AvailableNumbers.list({ areaCode: "919", quantity: 3 });
  const order = await numbers.Order.create({ name: "x", siteId: "1", existingTelephoneNumberOrderType: {} });
  return { found, order };
}
