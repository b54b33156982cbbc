#!/usr/bin/env bash
set -euo pipefail
: "${CATAPULT_USER_ID:?}" "${CATAPULT_API_TOKEN:?}" "${CATAPULT_API_SECRET:?}"
API=https://api.catapult.inetwork.com/v1

curl -s -u "$CATAPULT_API_TOKEN:$CATAPULT_API_SECRET" \
  "https://api.catapult.inetwork.com/v1/availableNumbers/local?areaCode=919&quantity=3"

curl -s -X POST -u "$CATAPULT_API_TOKEN:$CATAPULT_API_SECRET" \
  -H "Content-Type: application/json" \
  -d '{"number": "+19195551212"}' \
  "$API/users/$CATAPULT_USER_ID/phoneNumbers"

curl -s -X DELETE -u "$CATAPULT_API_TOKEN:$CATAPULT_API_SECRET" "$API/users/$CATAPULT_USER_ID/phoneNumbers/n-123"
