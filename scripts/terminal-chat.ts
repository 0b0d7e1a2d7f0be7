/**
 * `npm run chat`: the same bot in the terminal. It starts the server in-process on a free loopback
 * port and talks to /api/messages with expectReplies, so what you see is what every channel gets.
 * Choices are shown numbered; type a number, the words, or anything else you would type in a chat.
 */
import { randomUUID } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import readline from 'node:readline';
import { buildApp } from '../src/build-app';
import { loadConfig } from '../src/config';
import { createLogger } from '../src/logging/create-logger';

interface ReplyActivity {
  text?: string;
  suggestedActions?: { actions: { title: string }[] };
  channelData?: { triage?: { outcome?: { disposition: string } } };
}

async function main(): Promise<void> {
  const config = loadConfig({ ...process.env, PORT: '0' });
  const app = buildApp(config, { logger: createLogger('silent') });
  await new Promise<void>((resolve) => app.server.listen(0, '127.0.0.1', resolve));
  const { port } = app.server.address() as AddressInfo;
  const conversation = { id: `terminal-${randomUUID()}` };
  const send = async (activity: Record<string, unknown>): Promise<ReplyActivity[]> => {
    const response = await fetch(`http://127.0.0.1:${port}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        channelId: 'terminal',
        serviceUrl: 'http://localhost/',
        deliveryMode: 'expectReplies',
        conversation,
        from: { id: 'terminal-user' },
        recipient: { id: 'bot' },
        locale: Intl.DateTimeFormat().resolvedOptions().locale,
        ...activity,
      }),
    });
    return ((await response.json()) as { activities?: ReplyActivity[] }).activities ?? [];
  };
  const show = (activities: ReplyActivity[]) => {
    for (const activity of activities) {
      if (activity.text) console.log(`\nbot> ${activity.text.replaceAll('**', '')}`);
      const buttons = activity.suggestedActions?.actions.map((action) => `[${action.title}]`).join(' ');
      if (buttons) console.log(`     ${buttons}`);
    }
  };

  show(await send({ type: 'conversationUpdate', membersAdded: [{ id: 'terminal-user' }] }));
  const terminal = readline.createInterface({ input: process.stdin, output: process.stdout, prompt: '\nyou> ' });
  terminal.prompt();
  // Lines are read in order, so a file piped in (`npm run chat < script.txt`) plays as a conversation.
  for await (const line of terminal) {
    if (line.trim() === '/quit') break;
    show(await send({ type: 'message', text: line }));
    terminal.prompt();
  }
  terminal.close();
  app.server.close();
}

void main();
