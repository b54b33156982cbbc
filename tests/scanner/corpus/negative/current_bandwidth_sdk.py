"""Today's Bandwidth SDK also imports as ``bandwidth``: not V1 evidence."""

import bandwidth
from bandwidth.api.messages_api import MessagesApi
from bandwidth.models.message_request import MessageRequest

configuration = bandwidth.Configuration(username="user", password="pass")
with bandwidth.ApiClient(configuration) as api_client:
    api = MessagesApi(api_client)
    api.create_message("9900000", MessageRequest(to=["+19195551212"], text="hi"))
