class PhoneNumber < ApplicationRecord
  belongs_to :user
end

number = PhoneNumber.create(user: current_user, number: params[:number])
PhoneNumber.list rescue nil
PhoneNumber.delete(number.id)
