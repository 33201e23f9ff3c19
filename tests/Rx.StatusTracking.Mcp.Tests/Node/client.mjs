// The official MCP TypeScript client calls tool argv[3] with the JSON arguments argv[4] at the endpoint argv[2] over
// Streamable HTTP, asking for progress, and prints one JSON line: the progress notifications it received, in order,
// and the result.
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";

const [url, name, args] = process.argv.slice(2);
const client = new Client({ name: "rx-statustracking-foreign-client", version: "1.0.0" });
await client.connect(new StreamableHTTPClientTransport(new URL(url)));
const progress = [];
const result = await client.callTool(
  { name, arguments: JSON.parse(args ?? "{}") },
  undefined,
  { onprogress: (notification) => progress.push(notification) });
console.log(JSON.stringify({ progress, result }));
await client.close();
