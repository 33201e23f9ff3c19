// Runs one AG-UI run against the endpoint at argv[2] with the official client (@ag-ui/client 1.0.0): HttpAgent posts the
// RunAgentInput, parses the event stream, verifies every event against the protocol's rules (a violation rejects
// runAgent) and builds the conversation, activity messages included. Prints one JSON line of what it saw and built.
import { HttpAgent } from "@ag-ui/client";

const [url, runId, question] = process.argv.slice(2);
const agent = new HttpAgent({
  url,
  threadId: "thread-node",
  initialMessages: [{ id: "user-1", role: "user", content: question }],
});

const types = [];
const activityStates = []; // each status activity's state after every snapshot or delta, as the client holds it
let outcome;
const result = await agent.runAgent(
  { runId },
  {
    onEvent: ({ event }) => {
      types.push(event.type);
    },
    onMessagesChanged: ({ messages }) => {
      const states = messages
        .filter((m) => m.role === "activity" && m.activityType === "status")
        .map((m) => `${m.content.step}:${m.content.state}`)
        .join(",");
      if (activityStates.at(-1) !== states) {
        activityStates.push(states);
      }
    },
    onRunFinishedEvent: (params) => {
      outcome = { outcome: params.outcome, usage: params.event.usage, interrupts: params.interrupts };
    },
  },
);

console.log(
  JSON.stringify({
    types,
    activityStates,
    outcome,
    messages: agent.messages.map((m) =>
      m.role === "activity"
        ? { role: m.role, id: m.id, activityType: m.activityType, content: m.content }
        : m.role === "assistant"
          ? { role: m.role, id: m.id, content: m.content, toolCalls: m.toolCalls?.map((c) => ({ id: c.id, name: c.function.name, arguments: c.function.arguments })) }
          : { role: m.role, id: m.id, content: m.content, toolCallId: m.toolCallId },
    ),
    newMessages: result.newMessages.length,
  }),
);
