"""Verifies a token with LiveKit's own server SDK (PyPI livekit-api) and prints what
LiveKit reads from it: identity, name and the room grant, as JSON.

usage: verify.py API_KEY API_SECRET TOKEN
"""

import json
import sys

from livekit import api

key, secret, token = sys.argv[1:4]
claims = api.TokenVerifier(key, secret).verify(token)
print(json.dumps({
    "identity": claims.identity,
    "name": claims.name,
    "room": claims.video.room,
    "roomJoin": claims.video.room_join,
    "canPublish": claims.video.can_publish,
    "canSubscribe": claims.video.can_subscribe,
}))
