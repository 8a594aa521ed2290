// The echo contract: one method that answers with the message it is given. Any Thrift
// client generated from it works unchanged. The annotation only tells this starter's
// client, server and gateway how the call may be treated (retried on failure, answered
// within 1 s); the wire format is as ever.
namespace js echo
namespace go echo

struct EchoReq {
  1: string msg;
}

struct EchoRes {
  1: string msg;
}

service Echo {
  EchoRes echo(1: EchoReq req) (idempotency = "idempotent", timeout_ms = "1000")
}
