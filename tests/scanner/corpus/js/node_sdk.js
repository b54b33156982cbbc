const Bandwidth = require("node-bandwidth");

const client = new Bandwidth({
  userId: process.env.BANDWIDTH_USER_ID,
  apiToken: process.env.BANDWIDTH_API_TOKEN,
  apiSecret: process.env.BANDWIDTH_API_SECRET,
});

async function provision(areaCode) {
  const available = await client.AvailableNumber.search("local", { areaCode, quantity: 3 });
  const number = await client.PhoneNumber.create({ number: available[0].number, name: "web" });
  const ordered = await client.AvailableNumber.searchAndOrder("tollFree", { quantity: 1 });
  const list = await client.PhoneNumber.list({ size: 100 });
  await client.PhoneNumber.update(number.id, { applicationId: "a-1" });
  await client.PhoneNumber.delete(number.id);
  const one = await client.PhoneNumber.get(list.phoneNumbers[0].id);
  await client.Message.send({ from: one.number, to: "+19195551212", text: "hi" });
  return ordered;
}

module.exports = { provision };
