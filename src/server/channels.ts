/**
 * Which chat channels the configuration turns on, besides the web chat (always on). Slack and
 * Mattermost are imported only when configured: a newcomer running the web chat alone never
 * loads Bolt or a WebSocket client, and starts faster.
 */
import type { Channel, ChannelContext } from "../adapters/channel.js";
import { withSourceLinks } from "../adapters/source-links.js";

export async function configuredChannels(context: ChannelContext): Promise<Channel[]> {
  // Slack and Mattermost are not on the bot's origin: sources without a url link under PUBLIC_URL.
  const ctx = { ...context, assistant: withSourceLinks(context.assistant, context.config.publicUrl) };
  const channels: Channel[] = [];
  if (ctx.config.slack) {
    const { createSlackChannel } = await import("../adapters/slack/index.js");
    channels.push(createSlackChannel(ctx));
  }
  if (ctx.config.mattermost) {
    const { createMattermostChannels } = await import("../adapters/mattermost/index.js");
    channels.push(...createMattermostChannels(ctx));
  }
  return channels;
}
