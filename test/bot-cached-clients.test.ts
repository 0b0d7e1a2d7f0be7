import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from 'botbuilder';
import { UserTokenClient, type ClaimsIdentity } from 'botframework-connector';
import { CachedClientsAuthentication } from '../src/bot/cached-clients-authentication';

function message(serviceUrl: string): Partial<Activity> {
  return {
    type: 'message',
    deliveryMode: 'expectReplies',
    channelId: 'webchat',
    serviceUrl,
    conversation: { id: 'c1' } as Activity['conversation'],
    from: { id: 'user' } as Activity['from'],
    recipient: { id: 'bot' } as Activity['recipient'],
    text: 'hello',
  };
}

/** Runs one anonymous turn and returns the clients the adapter put on its context. */
async function clientsOfTurn(adapter: CloudAdapter, serviceUrl: string): Promise<{ connector: unknown; userToken: unknown }> {
  let seen: { connector: unknown; userToken: unknown } | undefined;
  await adapter.processActivityDirect('', message(serviceUrl) as Activity, async (context: TurnContext) => {
    seen = { connector: context.turnState.get(adapter.ConnectorClientKey), userToken: context.turnState.get(adapter.UserTokenClientKey) };
    await context.sendActivity('hi');
  });
  return seen!;
}

describe('CachedClientsAuthentication (the adapter reuses its HTTP clients between turns)', () => {
  it('gives every turn to the same service URL the same connector client and user token client', async () => {
    const adapter = new CloudAdapter(new CachedClientsAuthentication(new ConfigurationBotFrameworkAuthentication({})));
    const first = await clientsOfTurn(adapter, 'https://smba.example/one/');
    const second = await clientsOfTurn(adapter, 'https://smba.example/one/');
    expect(first.connector).toBeDefined();
    expect(second.connector).toBe(first.connector);
    expect(second.userToken).toBe(first.userToken);
  });

  it('gives another service URL its own connector client, pointed at that URL', async () => {
    const adapter = new CloudAdapter(new CachedClientsAuthentication(new ConfigurationBotFrameworkAuthentication({})));
    const one = await clientsOfTurn(adapter, 'https://smba.example/one/');
    const two = await clientsOfTurn(adapter, 'https://smba.example/two/');
    expect(two.connector).not.toBe(one.connector);
    expect((two.connector as { baseUri?: string }).baseUri).toBe('https://smba.example/two/');
  });

  it('a stock adapter builds new clients every turn (what the cache saves)', async () => {
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const first = await clientsOfTurn(adapter, 'https://smba.example/one/');
    const second = await clientsOfTurn(adapter, 'https://smba.example/one/');
    expect(second.connector).not.toBe(first.connector);
    expect(second.userToken).not.toBe(first.userToken);
  });

  it('does not keep a failed creation: the next turn tries again', async () => {
    const inner = new ConfigurationBotFrameworkAuthentication({});
    const real = inner.createUserTokenClient.bind(inner);
    let calls = 0;
    inner.createUserTokenClient = (claims: ClaimsIdentity): Promise<UserTokenClient> => {
      calls += 1;
      return calls === 1 ? Promise.reject(new Error('token service unreachable')) : real(claims);
    };
    const adapter = new CloudAdapter(new CachedClientsAuthentication(inner));
    await expect(clientsOfTurn(adapter, 'https://smba.example/one/')).rejects.toThrow('token service unreachable');
    const retried = await clientsOfTurn(adapter, 'https://smba.example/one/');
    const again = await clientsOfTurn(adapter, 'https://smba.example/one/');
    expect(calls).toBe(2);
    expect(again.userToken).toBe(retried.userToken);
  });
});
