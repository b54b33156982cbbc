from bandwidth.account import Client

account_api = Client("u-user", "t-token", "s-secret")

numbers = account_api.search_available_toll_free_numbers(quantity=3, pattern="*456")
ordered = account_api.search_and_order_local_numbers(zip_code="27606", quantity=2)
