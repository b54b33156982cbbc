# Legacy Python 2 cron job (does not parse as Python 3: scanned as text)
import requests

print "releasing numbers"
r = requests.delete("https://api.catapult.inetwork.com/v1/users/u-77/phoneNumbers/n-abc", auth=(T, S))
print r.status_code
