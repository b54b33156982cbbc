require 'ruby-bandwidth-iris'

BandwidthIris::Client.global_options = { account_id: ENV['BW_ACCOUNT_ID'] }
list = BandwidthIris::AvailableNumber.list({ :area_code => "435", :quantity => 3 })
BandwidthIris::PhoneNumber rescue nil
