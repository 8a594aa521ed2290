// Contestant (1), the baseline: the practical limit of Thrift over HTTP in Node.
// node:http and the processor Apache's compiler generates, in the smallest wrapper that
// serves a call: read the body whole, process it, write the reply with its length.
// Nothing else: no routing, limits, errors, auth, logs or metrics.
import { createServer } from "node:http";
import { apache, apacheEchoHandler, EchoService } from "../apache";

const { TBinaryProtocol, TBufferedTransport } = apache;
const processor = new EchoService.Processor(apacheEchoHandler);

createServer((request, response) => {
  const chunks: Buffer[] = [];
  request.on("data", (chunk: Buffer) => chunks.push(chunk));
  request.on("end", () => {
    const output = new TBufferedTransport(undefined, (reply) => {
      response.writeHead(200, { "content-type": "application/x-thrift", "content-length": reply.length });
      response.end(reply);
    });
    const receive = TBufferedTransport.receiver((input) => {
      processor.process(new TBinaryProtocol(input), new TBinaryProtocol(output));
    });
    receive(Buffer.concat(chunks));
  });
}).listen(Number(process.env["PORT"]), "127.0.0.1");
