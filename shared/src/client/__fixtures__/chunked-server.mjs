// An HTTP/1.1 server in a process of its own, so that its buffers never count in the
// memory a test measures in the client's: it reads a reply body from standard input,
// then answers every request 200 with that body cut into chunks of `argv[2]` bytes
// (chunked transfer coding), and prints its port once listening.
//     node chunked-server.mjs <chunk bytes> <content-type>  < body
import { createServer } from "node:net";

const chunkBytes = Number(process.argv[2]);
const contentType = process.argv[3];
const input = [];
for await (const piece of process.stdin) input.push(piece);
const body = Buffer.concat(input);

// The whole answer, built once: head, then `<size hex>\r\n<bytes>\r\n` per chunk, then the last chunk.
const parts = [Buffer.from(`HTTP/1.1 200 OK\r\ncontent-type: ${contentType}\r\ntransfer-encoding: chunked\r\n\r\n`)];
for (let offset = 0; offset < body.length; offset += chunkBytes) {
  const piece = body.subarray(offset, offset + chunkBytes);
  parts.push(Buffer.from(`${piece.length.toString(16)}\r\n`), piece, Buffer.from("\r\n"));
}
parts.push(Buffer.from("0\r\n\r\n"));
const answer = Buffer.concat(parts);

const server = createServer((socket) => {
  let head = "";
  socket.on("data", (data) => {
    // Calls are GETs (no body): each complete head is one request.
    head += data.toString("latin1");
    while (head.includes("\r\n\r\n")) {
      head = head.slice(head.indexOf("\r\n\r\n") + 4);
      socket.write(answer);
    }
  });
  socket.on("error", () => socket.destroy());
});
server.listen(0, "127.0.0.1", () => process.stdout.write(`${server.address().port}\n`));
