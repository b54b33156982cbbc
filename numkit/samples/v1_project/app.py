"""Number desk: a small Flask app over Bandwidth's V1 (Catapult) numbers API."""

import requests
from flask import Flask, jsonify, request

from settings import AUTH, USER_ID

BASE = "https://api.catapult.inetwork.com/v1"
app = Flask(__name__)


@app.get("/numbers/search")
def search_numbers():
    """Local numbers in an area code (V1 returns a JSON array of E.164 numbers)."""
    area_code = request.args.get("area_code", "919")
    response = requests.get(
        f"{BASE}/availableNumbers/local",
        params={"areaCode": area_code, "quantity": 5},
        auth=AUTH,
        timeout=10,
    )
    response.raise_for_status()
    return jsonify([n["number"] for n in response.json()])


@app.post("/numbers")
def order_number():
    """Buy one number; V1 allocates it at once (201 + Location of the number)."""
    number = request.json["number"]
    response = requests.post(
        BASE + "/users/" + USER_ID + "/phoneNumbers",
        json={"number": number, "name": "support line"},
        auth=AUTH,
        timeout=10,
    )
    response.raise_for_status()
    return jsonify({"id": response.headers["Location"].rsplit("/", 1)[-1]}), 201


@app.get("/numbers")
def list_numbers():
    """Every number the support team holds."""
    url = "%s/users/%s/phoneNumbers" % (BASE, USER_ID)
    response = requests.get(url, params={"size": 1000}, auth=AUTH, timeout=10)
    return jsonify(response.json())


@app.delete("/numbers/<number_id>")
def release_number(number_id):
    """Release a number (V1: synchronous, and it can never be ordered back)."""
    requests.delete(f"{BASE}/users/{USER_ID}/phoneNumbers/{number_id}", auth=AUTH, timeout=10)
    return "", 204
