// Contestant (2) without the conventions of createServerApp: a Koa app with the Thrift
// middleware and the echo service, nothing else (no auth, request ids, logs or metrics).
// Beside "ours as deployed" it shows what Koa and the adapter cost, and what the
// conventions add.
import Koa from "koa";
import { createThriftService } from "@starter/shared/core";
import { createThriftMiddleware } from "@starter/shared/koa";
import { Echo } from "@starter/echo/dist/gen/echo";
import { echoHandler } from "@starter/echo/dist/handler";

const app = new Koa();
app.use(createThriftMiddleware({ "/echo": createThriftService(Echo, echoHandler) }));
app.listen(Number(process.env["PORT"]), "127.0.0.1");
