require 'ruby-bandwidth'

client = Bandwidth::Client.new(user_id: ENV['BANDWIDTH_USER_ID'], api_token: ENV['BANDWIDTH_API_TOKEN'], api_secret: ENV['BANDWIDTH_API_SECRET'])

numbers = Bandwidth::AvailableNumber.search_local(client, {:area_code => "910", :quantity => 3})
free = Bandwidth::AvailableNumber.search_toll_free(client, {:quantity => 2})
number = Bandwidth::PhoneNumber.create(client, {:number => numbers[0][:number]})
all = Bandwidth::PhoneNumber.list(client, {:size => 100})
number.delete()
