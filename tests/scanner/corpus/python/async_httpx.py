import asyncio
import os

import aiohttp
import httpx

BASE = os.environ.get("V1_BASE", "https://api.catapult.inetwork.com/v1")


async def search(client: httpx.AsyncClient, zip_code: str):
    r = await client.get(f"{BASE}/availableNumbers/local", params={"zip": zip_code})
    return r.json()


async def list_numbers(user_id: str):
    async with aiohttp.ClientSession() as session:
        async with session.get(BASE + "/users/" + user_id + "/phoneNumbers") as resp:
            return await resp.json()


async def release(client: httpx.AsyncClient, user_id: str, number: str):
    await client.request("DELETE", f"{BASE}/users/{user_id}/phoneNumbers/{number}")


if __name__ == "__main__":
    asyncio.run(list_numbers("u-1"))
