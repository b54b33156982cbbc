import base64
import json
import urllib.request

URL = "https://api.catapult.inetwork.com/v1/users/u-123/phoneNumbers"


def order(number):
    req = urllib.request.Request(
        URL, data=json.dumps({"number": number}).encode(), method="POST"
    )
    req.add_header("Authorization", "Basic " + base64.b64encode(b"t:s").decode())
    return urllib.request.urlopen(req)


def numbers():
    return json.load(urllib.request.urlopen(URL + "?size=1000"))
