from django.db import models


class PhoneNumber(models.Model):
    number = models.CharField(max_length=20)

    def get_phone_number(self):
        return self.number


def list_phone_numbers(user):
    return PhoneNumber.objects.filter(owner=user)


def delete_phone_number(pk):
    PhoneNumber.objects.get(pk=pk).delete()


class Contact:
    def update_phone_number(self, value):
        self.phone_number = value

    def sync(self, crm):
        crm.delete_phone_number(self.phone_number)
        return crm.get_phone_number(self.id)
