/**
 * Which chat channels the configuration turns on, besides the web chat (always on). Slack and
 * Mattermost are imported only when configured: a newcomer running the web chat alone never
 * loads Bolt or a WebSocket client.
 */
import type { Channel, ChannelContext } from "../adapters/channel.js";

// WIRING PENDING (issues 3 and 4): the Slack and Mattermost adapters are being written alongside
// this file. Until they land the specifiers are held in variables, so type checking does not
// need the modules; once they exist, import them with literal specifiers (typed) instead.
const SLACK_MODULE = "../adapters/slack/index.js";
const MATTERMOST_MODULE = "../adapters/mattermost/index.js";

interface SlackModule {
  createSlackChannel(ctx: ChannelContext): Channel;
}

interface MattermostModule {
  createMattermostChannels(ctx: ChannelContext): Channel[];
}

async function importAdapter<T>(specifier: string, what: string): Promise<T> {
  try {
    return (await import(specifier)) as T;
  } catch (error) {
    throw new Error(`${what} is configured but its adapter could not be loaded: ${(error as Error).message}`);
  }
}

export async function configuredChannels(ctx: ChannelContext): Promise<Channel[]> {
  const channels: Channel[] = [];
  if (ctx.config.slack) {
    const slack = await importAdapter<SlackModule>(SLACK_MODULE, "Slack");
    channels.push(slack.createSlackChannel(ctx));
  }
  if (ctx.config.mattermost) {
    const mattermost = await importAdapter<MattermostModule>(MATTERMOST_MODULE, "Mattermost");
    channels.push(...mattermost.createMattermostChannels(ctx));
  }
  return channels;
}
