#!/usr/bin/env python3
"""Smoke test of a running studio: a deployed stack or the local one.

    python3 infra/scripts/smoke.py                          # the dev stack's outputs
    python3 infra/scripts/smoke.py --config-env prod [--region eu-west-1]
    python3 infra/scripts/smoke.py --stack-name omnisonic-studio-dev
    python3 infra/scripts/smoke.py --http-url http://127.0.0.1:3000 --ws-url ws://127.0.0.1:8080

Without URLs it reads HttpApiUrl and WebSocketUrl from the stack's outputs with
`sam list stack-outputs` (AWS credentials needed). It checks /healthz, creates and reads
a session, writes, reads and deletes presence over HTTP, joins a room with two
WebSockets and relays a message between them (and sees the HTTP presence reach them),
checks the room log (seqs, an acknowledged send relayed once, resume, a refusal),
uploads a small WAV and fetches it through its presigned URL (with the browser's CORS
preflight from the pages' origin), and loads the pages. It prints each check and exits
1 when any fails. What it writes stays: a session named "Smoke test ..." with one short
upload; presence entries expire by themselves.

Needs Python 3.11 and the `websockets` package (pinned in infra/python-tools.txt).
"""

import argparse
import contextlib
import io
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
import wave

try:
    from websockets.sync.client import connect as ws_connect
except ImportError:  # pragma: no cover - said once, plainly
    sys.exit("smoke.py needs the websockets package: pip install -r infra/python-tools.txt")

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
TIMEOUT = 15


class Failed(Exception):
    """A check that did not hold."""


def expect(condition, message):
    if not condition:
        raise Failed(message)


class Response:
    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body

    def json(self):
        try:
            return json.loads(self.body)
        except ValueError as e:
            raise Failed(f"not JSON ({e}): {self.body[:200]!r}") from None

    def text(self):
        return self.body.decode("utf-8", "replace")


def request(method, url, body=None, headers=None):
    req = urllib.request.Request(url, data=body, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(req, timeout=TIMEOUT) as r:
            return Response(r.status, r.headers, r.read())
    except urllib.error.HTTPError as e:
        return Response(e.code, e.headers, e.read())
    except (urllib.error.URLError, OSError) as e:
        raise Failed(f"{method} {url}: {e}") from None


def send_json(method, url, document, headers=None):
    return request(method, url, json.dumps(document).encode(), {"content-type": "application/json", **(headers or {})})


def multipart(fields, files):
    """A multipart/form-data body: fields {name: value}, files {name: (filename, type, bytes)}."""
    boundary = f"smoke{uuid.uuid4().hex}"
    out = io.BytesIO()
    for name, value in fields.items():
        out.write(f'--{boundary}\r\ncontent-disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode())
    for name, (filename, content_type, data) in files.items():
        out.write(
            f'--{boundary}\r\ncontent-disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"content-type: {content_type}\r\n\r\n".encode()
        )
        out.write(data + b"\r\n")
    out.write(f"--{boundary}--\r\n".encode())
    return out.getvalue(), f"multipart/form-data; boundary={boundary}"


def tone_wav(seconds=0.25, rate=8000, hz=440):
    """A short mono 16-bit WAV: a sine at `hz`."""
    frames = b"".join(
        struct.pack("<h", int(12000 * math.sin(2 * math.pi * hz * n / rate))) for n in range(int(seconds * rate))
    )
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(rate)
        w.writeframes(frames)
    return out.getvalue()


class Room:
    """One WebSocket member of a room, with the envelopes it has received."""

    def __init__(self, sockets, ws_url, member_id, params):
        query = urllib.parse.urlencode(params)
        # wss://id.execute-api.region.amazonaws.com/<Stage>?... on AWS, ws://host:port/?... here.
        parts = urllib.parse.urlsplit(ws_url)
        url = urllib.parse.urlunsplit((parts.scheme, parts.netloc, parts.path or "/", query, ""))
        try:
            self.socket = sockets.enter_context(ws_connect(url, open_timeout=TIMEOUT, close_timeout=5))
        except Exception as e:  # the library's errors vary by cause; all are a failed join
            raise Failed(f"WebSocket join as {member_id} refused: {e}") from None
        self.member_id = member_id

    def send(self, frame):
        self.socket.send(json.dumps(frame))

    def wait_for(self, what, predicate):
        """The first envelope for which `predicate` holds, within TIMEOUT."""
        deadline = time.monotonic() + TIMEOUT
        seen = []
        while (left := deadline - time.monotonic()) > 0:
            try:
                raw = self.socket.recv(timeout=left)
            except TimeoutError:
                break
            except Exception as e:
                raise Failed(f"{self.member_id}'s socket closed while waiting for {what}: {e}") from None
            envelope = json.loads(raw)
            if predicate(envelope):
                return envelope
            seen.append(envelope.get("type"))
        raise Failed(f"{self.member_id} never received {what} (got {seen or 'nothing'})")

    def close(self):
        self.socket.close()


class Smoke:
    def __init__(self, http_url, ws_url):
        self.http = http_url.rstrip("/")
        self.ws = ws_url
        parsed = urllib.parse.urlsplit(self.http)
        self.origin = f"{parsed.scheme}://{parsed.netloc}"
        self.failures = 0
        # Invite mode (the deployed default): the host's token and the session's invite,
        # from the create answer; open mode has neither.
        self.host = None
        self.invite = None

    def auth(self):
        """The host's Authorization header in invite mode; nothing in open mode."""
        return {"authorization": "Bearer " + self.host["token"]} if self.host else {}

    def http_member(self):
        return self.host["memberId"] if self.host else "smoke-http"

    def http_name(self):
        """The name presence is written under: in invite mode the token's own."""
        return self.host["displayName"] if self.host else "Smoke over HTTP"

    def room_params(self, room_id, member_id, display_name):
        """(member id, handshake query) of a new member: open mode names itself; invite mode
        exchanges the invite for a token with an id the studio chooses."""
        if not self.host:
            return member_id, {"roomId": room_id, "memberId": member_id, "displayName": display_name}
        r = send_json("POST", self.url("/api/sessions/join"), {"invite": self.invite, "displayName": display_name})
        expect(r.status == 200, f"joining with the invite: status {r.status}: {r.text()[:300]}")
        joined = r.json()
        return joined["memberId"], {"token": joined["token"]}

    def check(self, name, run):
        try:
            result = run()
        except Failed as e:
            print(f"  FAIL  {name}: {e}", flush=True)
            self.failures += 1
            return None
        print(f"  ok    {name}", flush=True)
        return result if result is not None else True

    def url(self, path):
        return self.http + path

    # -- checks --------------------------------------------------------------------

    def healthz(self):
        r = request("GET", self.url("/healthz"))
        expect(r.status == 200, f"status {r.status}: {r.text()[:200]}")
        expect(r.json() == {"ok": True}, f"body {r.text()[:200]}")

    def create_session(self):
        name = time.strftime("Smoke test %Y-%m-%d %H:%M:%S", time.gmtime())
        r = send_json("POST", self.url("/api/sessions"), {"name": name})
        expect(r.status == 201, f"status {r.status}: {r.text()[:300]}")
        answer = r.json()
        session = answer.get("session") or {}
        expect(session.get("name") == name and session.get("id"), f"session {session}")
        if answer.get("host"):
            expect(answer.get("invite", {}).get("token"), f"invite mode, but no invite: {answer}")
            self.host, self.invite = answer["host"], answer["invite"]["token"]
        return session

    def refusals(self, room_id):
        r = request("GET", self.url("/api/presence?roomId=" + room_id))
        expect(r.status == 401, f"presence without a token answered {r.status}: {r.text()[:300]}")
        r = request("GET", self.url("/api/presence"), headers={"authorization": "Bearer forged." + self.invite})
        expect(r.status == 403, f"presence with a forged token answered {r.status}: {r.text()[:300]}")

    def read_session(self, session):
        # In invite mode sessions are read with a member token: the host's.
        r = request("GET", self.url("/api/sessions?id=" + session["id"]), headers=self.auth())
        expect(r.status == 200, f"status {r.status}: {r.text()[:300]}")
        expect(r.json().get("session") == session, f"read {r.text()[:300]}, created {session}")
        if self.host:
            r = request("GET", self.url("/api/sessions"))
            expect(r.status == 401, f"the session list without a token answered {r.status}: {r.text()[:300]}")
            r = request("GET", self.url("/api/sessions"), headers=self.auth())
            listed = [s.get("id") for s in r.json().get("sessions", [])] if r.status == 200 else r.status
            expect(listed == [session["id"]], f"a host's session list holds only its own session: {listed}")

    def presence_members(self, room_id):
        r = request("GET", self.url("/api/presence?roomId=" + urllib.parse.quote(room_id)), headers=self.auth())
        expect(r.status == 200, f"status {r.status}: {r.text()[:300]}")
        return [m.get("memberId") for m in r.json().get("members", [])]

    def http_presence(self, room_id):
        who = self.http_member()
        member = {"roomId": room_id, "memberId": who, "displayName": self.http_name(), "ttlSeconds": 60}
        r = send_json("POST", self.url("/api/presence"), member, self.auth())
        expect(r.status == 200 and r.json() == {"ok": True}, f"put: status {r.status}: {r.text()[:300]}")
        members = self.presence_members(room_id)
        expect(who in members, f"the roster after a put is {members}")
        r = send_json("DELETE", self.url("/api/presence"), {"roomId": room_id, "memberId": who}, self.auth())
        expect(r.status == 200, f"delete: status {r.status}: {r.text()[:300]}")
        members = self.presence_members(room_id)
        expect(who not in members, f"the roster after a delete is {members}")

    def websocket_room(self, room_id):
        with contextlib.ExitStack() as sockets:
            ada_id, ada_params = self.room_params(room_id, "smoke-ada", "Smoke Ada")
            ben_id, ben_params = self.room_params(room_id, "smoke-ben", "Smoke Ben")
            ada = Room(sockets, self.ws, ada_id, ada_params)
            ben = Room(sockets, self.ws, ben_id, ben_params)
            ada.wait_for("Ben's presence.join", lambda e: e.get("type") == "presence.join"
                         and e.get("member", {}).get("memberId") == ben_id)
            nonce = uuid.uuid4().hex
            ada.send({"type": "message", "payload": {"text": "smoke", "nonce": nonce}})
            relayed = ben.wait_for("Ada's room.message", lambda e: e.get("type") == "room.message"
                                   and e.get("payload", {}).get("nonce") == nonce)
            expect(relayed.get("from", {}).get("memberId") == ada_id, f"relayed {relayed}")
            expect(relayed.get("roomId") == room_id, f"relayed {relayed}")
            # Presence written over HTTP reaches the room's sockets (the @connections fan-out).
            who = self.http_member()
            member = {"roomId": room_id, "memberId": who, "displayName": self.http_name()}
            r = send_json("POST", self.url("/api/presence"), member, self.auth())
            expect(r.status == 200, f"HTTP presence: status {r.status}: {r.text()[:300]}")
            ben.wait_for("the HTTP member's presence.join", lambda e: e.get("type") == "presence.join"
                         and e.get("member", {}).get("memberId") == who)
            send_json("DELETE", self.url("/api/presence"), {"roomId": room_id, "memberId": who}, self.auth())
            ben.close()
            ada.wait_for("Ben's presence.leave", lambda e: e.get("type") == "presence.leave"
                         and e.get("memberId") == ben_id)

    def room_log(self, room_id):
        """Seqs, acknowledged sends, a repeat that is not relayed, resume and a refusal."""
        with contextlib.ExitStack() as sockets:
            ada_id, ada_params = self.room_params(room_id, "smoke-ada", "Smoke Ada")
            ben_id, ben_params = self.room_params(room_id, "smoke-ben", "Smoke Ben")
            ada = Room(sockets, self.ws, ada_id, ada_params)
            ben = Room(sockets, self.ws, ben_id, ben_params)
            ada.wait_for("Ben's presence.join", lambda e: e.get("type") == "presence.join"
                         and e.get("member", {}).get("memberId") == ben_id)
            ben.send({"type": "roster"})
            roster = ben.wait_for("a roster", lambda e: e.get("type") == "presence.roster")
            expect(isinstance(roster.get("seq"), int), f"the roster has no seq: {roster}")
            frame = {"type": "message", "id": "smoke-" + uuid.uuid4().hex, "payload": {"text": "once"}}
            ada.send(frame)
            ack = ada.wait_for("an ack", lambda e: e.get("type") == "ack")
            expect(ack.get("id") == frame["id"] and ack.get("repeated") is False, f"ack {ack}")
            expect(ack.get("seq", 0) > roster["seq"], f"ack {ack} not after the roster's seq {roster['seq']}")
            relayed = ben.wait_for("the acked message", lambda e: e.get("type") == "room.message")
            expect(relayed.get("seq") == ack["seq"], f"relayed {relayed} with another seq than {ack}")
            ada.send(frame)
            again = ada.wait_for("a second ack", lambda e: e.get("type") == "ack")
            expect(again.get("seq") == ack["seq"] and again.get("repeated") is True, f"second ack {again}")
            ben.send({"type": "resume", "after": ack["seq"] - 1})
            page = ben.wait_for("a replay", lambda e: e.get("type") == "room.replay")
            seqs = [e.get("seq") for e in page.get("envelopes", [])]
            expect(seqs[:1] == [ack["seq"]] and page.get("last") is True, f"replay {page}")
            expect(seqs.count(ack["seq"]) == 1, f"the repeat was stored to send: {page}")
            ben.send({"type": "resume", "after": -1})
            refused = ben.wait_for("an error", lambda e: e.get("type") == "error")
            expect(refused.get("error", {}).get("code") == "invalid_frame", f"refusal {refused}")
            path = f"/api/rooms/history?roomId={urllib.parse.quote(room_id)}&after={ack['seq'] - 1}&limit=5"
            r = request("GET", self.url(path), headers=self.auth())
            expect(r.status == 200, f"GET {path}: {r.status} {r.text()[:300]}")
            stored = [e for e in r.json().get("envelopes", []) if e.get("seq") == ack["seq"]]
            expect(len(stored) == 1 and stored[0].get("payload") == frame["payload"], f"history {r.json()}")

    def arrangement(self, session, upload):
        """The upload arrived as a track; an edit moves its clip and sets the track's gain;
        the export renders that version."""
        path = "/api/arrangement?sessionId=" + session["id"]
        r = request("GET", self.url(path), headers=self.auth())
        expect(r.status == 200, f"GET {path}: {r.status} {r.text()[:300]}")
        song = r.json()
        clips = [(t, c) for t in song.get("tracks", []) for c in t.get("clips", []) if c.get("uploadId") == upload["id"]]
        expect(len(clips) == 1, f"the upload is not one clip of the arrangement: {song}")
        track, clip = clips[0]
        edit = {"sessionId": session["id"], "baseVersion": song["version"], "operations": [
            {"op": "moveClip", "clipId": clip["id"], "start": 4800},
            {"op": "setTrack", "trackId": track["id"], "gainDb": -3},
        ]}
        r = send_json("POST", self.url("/api/arrangement"), edit, self.auth())
        expect(r.status == 200, f"POST /api/arrangement: {r.status} {r.text()[:300]}")
        version = r.json().get("version")
        expect(version == song["version"] + 1, f"the edit made version {version}, not {song['version'] + 1}")
        stale = send_json("POST", self.url("/api/arrangement"), edit, self.auth())
        expect(stale.status == 409, f"the same edit on a stale base answered {stale.status}, not 409")
        r = send_json("POST", self.url("/api/export"), {"sessionId": session["id"]}, self.auth())
        expect(r.status == 201, f"POST /api/export: {r.status} {r.text()[:300]}")
        made = r.json()
        expect(made.get("url") and made.get("exportId"), f"export answer {made}")
        rendered = made.get("export", made).get("version")
        expect(rendered == version, f"the export rendered version {rendered}, not {version}")
        got = request("GET", made["url"])
        expect(got.status == 200 and got.body[:4] == b"RIFF", f"the export's URL answered {got.status}")

    def upload(self, session):
        audio = tone_wav()
        body, content_type = multipart({"sessionId": session["id"]}, {"file": ("smoke.wav", "audio/wav", audio)})
        r = request("POST", self.url("/api/upload"), body, {"content-type": content_type, **self.auth()})
        expect(r.status == 201, f"status {r.status}: {r.text()[:300]}")
        created = r.json()
        expect(created.get("id") and created.get("url"), f"answer {created}")
        got = request("GET", created["url"])
        expect(got.status == 200, f"the presigned URL answered {got.status}: {got.text()[:300]}")
        expect(got.body == audio, f"the presigned URL gave {len(got.body)} bytes, not the {len(audio)} uploaded")
        r = request("GET", self.url("/api/upload?id=" + created["id"]), headers=self.auth())
        expect(r.status == 200 and r.json().get("url"), f"GET /api/upload?id=: {r.status} {r.text()[:300]}")
        return created

    def presigned_cors(self, upload):
        # What a browser on the pages asks before it GETs (or PUTs) on the bucket.
        r = request("OPTIONS", upload["url"], headers={
            "origin": self.origin,
            "access-control-request-method": "GET",
        })
        allowed = r.headers.get("access-control-allow-origin")
        expect(r.status in (200, 204), f"preflight answered {r.status}: {r.text()[:300]}")
        expect(allowed in (self.origin, "*"), f"the bucket allows {allowed!r}, not {self.origin}")

    def pages(self, session):
        for path in ["/", "/about", "/sessions"]:
            r = request("GET", self.url(path))
            expect(r.status == 200 and "<!doctype html>" in r.text().lower(), f"{path}: status {r.status}")
        room = request("GET", self.url("/sessions/" + session["id"]))
        expect(room.status == 200, f"the room page answered {room.status}")
        page = room.text()
        expect(session["name"] in page, "the room page does not show the session's name")
        meta = f'<meta name="studio-ws" content="{self.ws}">'
        expect(meta in page, f"the room page does not open {self.ws}")
        missing = request("GET", self.url("/no-such-page-" + uuid.uuid4().hex[:8]))
        expect(missing.status == 404, f"an unknown page answered {missing.status}")

    def run(self):
        print(f"smoke test of {self.http} and {self.ws}", flush=True)
        self.check("GET /healthz answers ok", self.healthz)
        session = self.check("POST /api/sessions creates a session", self.create_session)
        if session:
            self.check("GET /api/sessions?id= reads it back", lambda: self.read_session(session))
        # In invite mode a room is its session, reached with the host's token and invites.
        room_id = session["id"] if session and self.host else f"smoke-{uuid.uuid4().hex[:12]}"
        if self.host:
            print("  (invite mode: the host's token and the session's invite)", flush=True)
            self.check("without a token presence answers 401, with a forged one 403", lambda: self.refusals(room_id))
        self.check("presence over HTTP: put, read, delete", lambda: self.http_presence(room_id))
        self.check(
            "two WebSockets join a room, relay a message, see HTTP presence and a leave",
            lambda: self.websocket_room(room_id),
        )
        self.check(
            "room envelopes carry seqs; an acked send is relayed once; resume replays; a bad resume is refused; history has it",
            lambda: self.room_log(room_id),
        )
        if session:
            upload = self.check("POST /api/upload stores a WAV; its presigned URL gives it back", lambda: self.upload(session))
            if upload:
                self.check("the bucket allows the pages' origin (CORS preflight)", lambda: self.presigned_cors(upload))
                self.check(
                    "the upload is a track; an edit moves its clip; a stale edit is 409; the export renders the version",
                    lambda: self.arrangement(session, upload),
                )
            self.check("the pages load, the room page opens the WebSocket URL, 404 otherwise", lambda: self.pages(session))
        if self.failures:
            print(f"smoke test FAILED: {self.failures} check(s)", flush=True)
            return 1
        print("smoke test passed", flush=True)
        return 0


def sam_binary():
    found = shutil.which("sam")
    local = os.path.join(ROOT, ".local", "venv", "bin", "sam")
    if found:
        return found
    if os.path.exists(local):
        return local
    sys.exit("sam is not on PATH (pip install -r infra/python-tools.txt); or pass --http-url and --ws-url")


def stack_outputs(args):
    command = [sam_binary(), "list", "stack-outputs", "--output", "json"]
    if args.stack_name:
        command += ["--stack-name", args.stack_name]
    else:
        command += ["--config-env", args.config_env]
    if args.region:
        command += ["--region", args.region]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, env={**os.environ, "SAM_CLI_TELEMETRY": "0"})
    if done.returncode != 0:
        sys.exit(f"{' '.join(command[1:])} failed:\n{done.stderr or done.stdout}")
    try:
        outputs = {o["OutputKey"]: o["OutputValue"] for o in json.loads(done.stdout)}
    except (ValueError, KeyError, TypeError):
        sys.exit(f"unexpected stack outputs:\n{done.stdout}")
    return outputs


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--http-url", help="the HTTP API and pages (default: the stack's HttpApiUrl)")
    parser.add_argument("--ws-url", help="the WebSocket API (default: the stack's WebSocketUrl)")
    parser.add_argument("--config-env", default="dev", help="samconfig.toml environment naming the stack (default dev)")
    parser.add_argument("--stack-name", help="the stack, instead of --config-env")
    parser.add_argument("--region", help="the stack's region (default: your AWS configuration's)")
    args = parser.parse_args()
    http_url, ws_url = args.http_url, args.ws_url
    if not (http_url and ws_url):
        outputs = stack_outputs(args)
        http_url = http_url or outputs.get("HttpApiUrl")
        ws_url = ws_url or outputs.get("WebSocketUrl")
        if not (http_url and ws_url):
            sys.exit(f"the stack has no HttpApiUrl and WebSocketUrl outputs: {sorted(outputs)}")
    return Smoke(http_url, ws_url).run()


if __name__ == "__main__":
    sys.exit(main())
