// The official MCP TypeScript client calls the "research" tool of the endpoint at argv[2] over Streamable HTTP,
// asking for progress, and prints one JSON line: the progress notifications it received, in order, and the result.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const client = new Client({ name: "rx-statustracking-foreign-client", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(process.argv[2])));
const progress = [];
const result = await client.callTool(
  { name: "research", arguments: { question: "What is new?" } },
  undefined,
  { onprogress: (notification) => progress.push(notification) });
console.log(JSON.stringify({ progress, result }));
await client.close();
