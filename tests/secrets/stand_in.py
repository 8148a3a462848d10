"""A Secrets Manager stand-in for the tests: answers GetSecretValue from the secrets
given on the command line, and only for requests whose SigV4 signature botocore (the
AWS SDK for Python) computes the same from the request, the stand-in's credentials and
the request's own x-amz-date.

    python stand_in.py ACCESS_KEY SECRET_KEY REGION NAME=VALUE ...

Prints the port it listens on, then serves until killed.
"""

import datetime
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import botocore.auth
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

ACCESS_KEY, SECRET_KEY, REGION = sys.argv[1:4]
SECRETS = dict(arg.split("=", 1) for arg in sys.argv[4:])


def expected_authorization(method, url, headers, body, token):
    """The Authorization header botocore signs for the same request."""
    request = AWSRequest(method=method, url=url, data=body)
    for name in ("content-type", "x-amz-target", "host"):
        if name in headers:
            request.headers[name] = headers[name]
    signed_at = datetime.datetime.strptime(headers["x-amz-date"], "%Y%m%dT%H%M%SZ")
    botocore.auth.get_current_datetime = lambda: signed_at  # sign at the request's own time
    signer = SigV4Auth(Credentials(ACCESS_KEY, SECRET_KEY, token), "secretsmanager", REGION)
    signer.add_auth(request)
    return request.headers["Authorization"]


class Handler(BaseHTTPRequestHandler):
    def answer(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("content-type", "application/x-amz-json-1.1")
        self.send_header("content-length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("content-length", "0")))
        headers = {k.lower(): v for k, v in self.headers.items()}
        url = f"http://{headers.get('host')}{self.path}"
        token = headers.get("x-amz-security-token")
        given = headers.get("authorization", "")
        if "x-amz-date" not in headers or given != expected_authorization("POST", url, headers, body, token):
            return self.answer(403, {"__type": "InvalidSignatureException", "message": "signature mismatch"})
        if headers.get("x-amz-target") != "secretsmanager.GetSecretValue":
            return self.answer(400, {"__type": "UnknownOperationException", "message": "unknown"})
        secret_id = json.loads(body).get("SecretId", "")
        if secret_id not in SECRETS:
            return self.answer(400, {"__type": "ResourceNotFoundException", "message": f"no secret {secret_id}"})
        self.answer(200, {"ARN": secret_id, "Name": secret_id, "SecretString": SECRETS[secret_id]})

    def log_message(self, *args):
        pass


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
