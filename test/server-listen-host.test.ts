import { connect } from 'node:net';
import { networkInterfaces } from 'node:os';
import { loadConfig } from '../src/config';
import { killHard, startBotProcess, type BotProcess } from './support/bot-process';

/** An IPv4 address of this machine that is not loopback, if it has one. */
const outsideAddress = Object.values(networkInterfaces())
  .flat()
  .find((info) => info && !info.internal && info.family === 'IPv4')?.address;

/** Resolves true when a TCP connection to `host:port` opens, false when it is refused. */
function reachable(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

describe('which interface the bot listens on', () => {
  it('is 127.0.0.1 in anonymous mode unless HOST says otherwise; all interfaces with an app id', () => {
    expect(loadConfig({}).host).toBe('127.0.0.1');
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'secret' }).host).toBe('0.0.0.0');
    expect(loadConfig({ MicrosoftAppId: 'abc', MicrosoftAppPassword: 'secret', HOST: '10.0.0.4' }).host).toBe('10.0.0.4');
  });

  describe('the real server in anonymous mode', () => {
    let bot: BotProcess | undefined;
    afterEach(async () => {
      if (bot) await killHard(bot.child);
      bot = undefined;
    });

    it('with no HOST: answers on 127.0.0.1, refuses connections on the machine\'s other addresses, and says so in the boot log', async () => {
      bot = await startBotProcess({ HOST: '', MicrosoftAppId: '' });
      expect((await fetch(`${bot.url}/healthz`)).status).toBe(200);
      if (outsideAddress) expect(await reachable(outsideAddress, bot.port)).toBe(false);
      expect(bot.logs.find((line) => line.msg === 'bot listening')).toMatchObject({ host: '127.0.0.1', anonymous: true });
    });

    it('with HOST=0.0.0.0: reachable on the other addresses, and the boot log warns that anyone reaching the port can drive any conversation', async () => {
      bot = await startBotProcess({ HOST: '0.0.0.0', MicrosoftAppId: '' });
      if (outsideAddress) expect(await reachable(outsideAddress, bot.port)).toBe(true);
      expect(bot.logs.find((line) => line.msg === 'bot listening')).toMatchObject({ host: '0.0.0.0', anonymous: true });
      expect(bot.logs.some((line) => line.level === 40 && /anonymous/.test(String(line.msg)))).toBe(true);
    });
  });
});
