"""A Twilio wrapper whose names look like python-bandwidth's."""

from twilio.rest import Client

client = Client()


def search_available_local_numbers(country_code, *, area_code=None, limit=10):
    return client.available_phone_numbers(country_code).local.list(area_code=area_code, limit=limit)


def buy(number):
    return client.incoming_phone_numbers.create(phone_number=number)


numbers = search_available_local_numbers("US", area_code=415, limit=5)
