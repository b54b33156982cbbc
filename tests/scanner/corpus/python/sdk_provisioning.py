import bandwidth
from bandwidth.catapult import CatapultException

api = bandwidth.client("catapult", "u-abc", "t-def", "s-ghi")


def provision(area_code, count):
    found = api.search_available_local_numbers(area_code=area_code, quantity=count)
    for item in found:
        try:
            number_id = api.order_phone_number(item["number"], name="provisioned")
        except CatapultException as err:
            print(err.message)
            continue
        api.update_phone_number(number_id, application_id="a-123")
    return api.list_phone_numbers(state="NC", size=100)


def toll_free():
    return api.search_and_order_toll_free_numbers(quantity=2)


def teardown(ids):
    for number_id in ids:
        info = api.get_phone_number(number_id)
        api.delete_phone_number(info["id"])
    api.send_message(from_="+19195551212", to="+19195553434", text="done")
