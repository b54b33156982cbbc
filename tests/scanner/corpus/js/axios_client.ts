import axios from "axios";

const CATAPULT = "https://api.catapult.inetwork.com/v1";

export async function searchLocal(state: string): Promise<string[]> {
  const res = await axios.get(`${CATAPULT}/availableNumbers/local`, { params: { state } });
  return res.data.map((n: { number: string }) => n.number);
}

export async function orderNumber(userId: string, number: string) {
  return axios.post(CATAPULT + "/users/" + userId + "/phoneNumbers", { number });
}

export async function release(userId: string, id: string) {
  return fetch(`${CATAPULT}/users/${userId}/phoneNumbers/${id}`, { method: "DELETE" });
}
