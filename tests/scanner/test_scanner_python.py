"""Python by syntax tree: URLs built in pieces, SDK clients, what is not V1 evidence."""

from __future__ import annotations

import ast

import pytest

from numkit.scanner.notebook import scan_notebook
from numkit.scanner.pyscan import scan_python


def hits(code: str):
    return scan_python(ast.parse(code), code)


def calls(code: str):
    return [(h.kind, h.method, h.target) for h in hits(code) if h.kind != "credential"]


HOST = "https://api.catapult.inetwork.com"


@pytest.mark.parametrize(
    "code",
    [
        f'import requests\nrequests.get("{HOST}/v1/availableNumbers/local")',
        f'import requests\nB = "{HOST}/v1"\nrequests.get(B + "/availableNumbers/local")',
        f'import requests\nB = "{HOST}"\nV = "v1"\nrequests.get(f"{{B}}/{{V}}/availableNumbers/local")',
        f'import requests\nB = "{HOST}/v1"\nrequests.get("%s/availableNumbers/local" % B)',
        f'import requests\nB = "{HOST}/v1"\nrequests.get("{{}}/availableNumbers/{{kind}}".format(B, kind="local"))',
        f'import requests\nfrom urllib.parse import urljoin\nrequests.get(urljoin("{HOST}/v1/", "availableNumbers/local"))',
        f'import os, requests\nB = os.environ.get("X", "{HOST}/v1")\nrequests.get(B + "/availableNumbers/local")',
        f'import requests as rq\nclass C:\n    base = "{HOST}/v1"\n    def f(self):\n        return rq.get(self.base + "/availableNumbers/local")',
        f'import httpx\nasync def f(c: httpx.AsyncClient):\n    await c.get("/".join(["{HOST}", "v1", "availableNumbers", "local"]))',
    ],
)
def test_urls_built_in_pieces(code):
    assert calls(code) == [("http-call", "GET", calls(code)[0][2])]
    assert calls(code)[0][2].endswith("/availableNumbers/local")
    assert hits(code)[0].confidence == "high"


def test_methods_and_arguments():
    code = f'''
import requests, urllib.request, json
B = "{HOST}/v1"
requests.request("POST", B + "/availableNumbers/tollFree", params={{"quantity": 2}})
urllib.request.Request(B + "/users/u-1/phoneNumbers", data=json.dumps({{"number": n}}).encode())
urllib.request.Request(B + "/users/u-1/phoneNumbers/n-1", method="DELETE")
requests.post(f"{{B}}/users/{{uid}}/phoneNumbers", json={{"number": num, "name": "x"}})
'''
    found = hits(code)
    assert [(h.method, h.params, h.body) for h in found] == [
        ("POST", {"quantity": 2}, None),
        ("POST", {}, {"number": found[1].body["number"]}),
        ("DELETE", {}, None),
        ("POST", {}, {"number": found[3].body["number"], "name": "x"}),
    ]
    assert str(found[1].body["number"]) == "{n}"


def test_sdk_clients_are_evidence_but_import_bandwidth_alone_is_not():
    v1 = "import bandwidth\napi = bandwidth.client('catapult', 'u', 't', 's')\napi.get_phone_number('n-1')"
    assert calls(v1) == [("sdk-call", "GET", "/v1/users/{userId}/phoneNumbers/n-1")]
    today = "import bandwidth\nx = bandwidth.ApiClient()\nx.get_phone_number('n-1')"
    assert calls(today) == []  # today's SDK also imports as bandwidth: not V1 evidence
    generic = "crm.delete_phone_number(pk)\nuser.list_phone_numbers()"
    assert calls(generic) == []  # generic names without a V1 client: not flagged
    distinctive = "helpers.search_available_local_numbers(area_code='919', quantity=2)"
    assert [h.confidence for h in hits(distinctive)] == ["medium"]
    twilio = "search_available_local_numbers('US', area_code=415, limit=5)"
    assert calls(twilio) == []  # a bare function, not a client method; `limit` is not V1


def test_old_bandwidth_sdk_classes():
    code = "from bandwidth_sdk import PhoneNumber\nPhoneNumber.list_local(city='Cary', state='NC')"
    assert calls(code) == [("sdk-call", "GET", "/v1/availableNumbers/local")]


def test_v2_dashboard_and_other_apis_are_not_v1(tree):
    import numkit

    code = """
import requests
D = "https://dashboard.bandwidth.com/api"
requests.get(f"{D}/accounts/1/availableNumbers")
requests.post(D + "/accounts/1/orders", data="<Order/>")
requests.get("https://api.example.com/v1/users/3/messages")
"""
    assert numkit.scan(tree({"v2.py": code})).findings == []


def test_credentials_in_environment_lookups():
    code = 'import os\nos.environ["CATAPULT_API_TOKEN"]\nos.getenv("BANDWIDTH_API_SECRET")\nos.getenv("BW_PASSWORD")'
    assert [(h.kind, h.target, h.confidence) for h in hits(code)] == [
        ("credential", "CATAPULT_API_TOKEN", "low"),
        ("credential", "BANDWIDTH_API_SECRET", "low"),
    ]


def test_notebook_cells_magics_and_shell_lines():
    import json

    nb = {
        "cells": [
            {"cell_type": "markdown", "source": "intro"},
            {
                "cell_type": "code",
                "source": ["import bandwidth\n", "api = bandwidth.client('catapult', 1, 2, 3)"],
            },
            {
                "cell_type": "code",
                "source": "%matplotlib inline\nx = !ls\napi.list_phone_numbers()",
            },
            {"cell_type": "code", "source": f"!curl -X DELETE {HOST}/v1/users/u/phoneNumbers/n-1"},
            {
                "cell_type": "code",
                "source": "%%writefile x.sh\ncurl " + HOST + "/v1/availableNumbers/local",
            },
            {"cell_type": "code", "source": "if True:\n    %time api.delete_phone_number('n-2')"},
            {"cell_type": "code", "source": "api.list_phone_numbers?"},
        ],
        "metadata": {},
    }
    found, problems = scan_notebook(json.dumps(nb))
    assert problems == []
    assert [(h.cell, h.line, h.kind, h.method) for h in found] == [
        (2, 3, "sdk-call", "GET"),
        (3, 1, "http-call", "DELETE"),
        (4, 2, "http-call", "GET"),
        (5, 2, "sdk-call", "DELETE"),
    ]


def test_a_cell_that_does_not_parse_is_scanned_as_text():
    import json

    nb = {
        "cells": [
            {
                "cell_type": "code",
                "source": f"print 'x'\nrequests.get('{HOST}/v1/availableNumbers/tollFree')",
            }
        ]
    }
    found, problems = scan_notebook(json.dumps(nb))
    assert problems and problems[0].startswith("cell 0: syntax error at line 1")
    assert [(h.cell, h.line, h.target.endswith("tollFree")) for h in found] == [(0, 2, True)]
