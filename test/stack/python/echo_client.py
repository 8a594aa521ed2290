"""Calls Echo.echo through the gateway with Apache's stock Python library: THttpClient over
HTTPS (the run's CA), credentials sent as a custom Authorization header, the protocol
named. Prints the reply's message, or the exception's class and the HTTP status that came
with it (this client reads any answer as a Thrift reply), as one JSON line: the stack
test (echo.stock-clients.test.ts) asserts on it whole.

    python3 echo_client.py --gen-dir DIR --url https://127.0.0.1:PORT/echo --cafile CA \
        --authorization "Basic ..." --protocol compact --message hi
"""

import argparse
import json
import sys

parser = argparse.ArgumentParser()
parser.add_argument("--gen-dir", required=True, help="where `thrift --gen py` wrote echo/")
parser.add_argument("--url", required=True)
parser.add_argument("--cafile", required=True)
parser.add_argument("--authorization", default="")
parser.add_argument("--protocol", choices=["binary", "compact", "json", "header"], required=True)
parser.add_argument("--message", required=True)
options = parser.parse_args()
sys.path.insert(0, options.gen_dir)

from thrift.protocol import TBinaryProtocol, TCompactProtocol, THeaderProtocol, TJSONProtocol  # noqa: E402
from thrift.transport import THttpClient  # noqa: E402
from echo import Echo  # noqa: E402
from echo.ttypes import EchoReq  # noqa: E402

factories = {
    "binary": TBinaryProtocol.TBinaryProtocolFactory(),
    "compact": TCompactProtocol.TCompactProtocolFactory(),
    "json": TJSONProtocol.TJSONProtocolFactory(),
    "header": THeaderProtocol.THeaderProtocolFactory(),
}

transport = THttpClient.THttpClient(options.url, cafile=options.cafile)
if options.authorization:
    transport.setCustomHeaders({"Authorization": options.authorization})
client = Echo.Client(factories[options.protocol].getProtocol(transport))
try:
    transport.open()
    reply = client.echo(EchoReq(msg=options.message))
    print(json.dumps({"msg": reply.msg}, ensure_ascii=False))
except Exception as error:  # what the caller of a stock client sees, asserted by the test
    print(json.dumps({"error": type(error).__name__, "status": transport.code}))
finally:
    transport.close()
