// Contestant (5): Apache thrift's own HTTP server, as its documentation sets it up: the
// peer most users would otherwise pick.
import { apache, apacheEchoHandler, EchoService } from "../apache";

apache
  .createWebServer({
    services: {
      "/echo": {
        transport: apache.TBufferedTransport,
        protocol: apache.TBinaryProtocol,
        processor: EchoService,
        handler: apacheEchoHandler,
      },
    },
  })
  .listen(Number(process.env["PORT"]), "127.0.0.1");
