import requests

API = "https://api.example.com/v1"


def users():
    return requests.get(API + "/users").json()


def user_messages(user_id):
    return requests.get(f"{API}/users/{user_id}/messages").json()


def phone_numbers(user_id):
    """Our own API's phone numbers of a user (not Bandwidth)."""
    return requests.get(f"{API}/accounts/{user_id}/phone-numbers").json()
