"""Settings for the number desk: the V1 base URL and credentials from the environment."""

import os

CATAPULT_URL = os.environ.get("CATAPULT_URL", "https://api.catapult.inetwork.com/v1")
USER_ID = os.environ["BANDWIDTH_USER_ID"]
AUTH = (os.environ["BANDWIDTH_API_TOKEN"], os.environ["BANDWIDTH_API_SECRET"])
