/**
 * The Mattermost channels the configuration enables, one per integration:
 * - `MATTERMOST_COMMAND_TOKEN` → the slash command, `POST /mattermost/command`;
 * - `MATTERMOST_WEBHOOK_TOKEN` → the outgoing webhook, `POST /mattermost/webhook`;
 * - `MATTERMOST_URL` + `MATTERMOST_BOT_TOKEN` → the bot account on the WebSocket API;
 * - with the slash command or the webhook, `POST /mattermost/actions` for their 👍 / 👎 buttons.
 * Any combination works; none of them, and Mattermost is off.
 */
import type { Channel, ChannelContext } from "../channel.js";
import { MattermostBotAccount } from "./bot-account.js";
import { createOutgoingWebhookChannel } from "./outgoing-webhook.js";
import { createSlashCommandChannel } from "./slash-command.js";
import { createVoteActionsChannel } from "./vote-actions.js";

export { MattermostBotAccount } from "./bot-account.js";
export { OUTGOING_WEBHOOK_PATH } from "./outgoing-webhook.js";
export { SLASH_COMMAND_PATH } from "./slash-command.js";
export { VOTE_ACTIONS_PATH } from "./vote-actions.js";

export function createMattermostChannels(ctx: ChannelContext): Channel[] {
  const mm = ctx.config.mattermost;
  if (!mm) return [];
  const { assistant, logger } = ctx;
  const channels: Channel[] = [];

  let bot: MattermostBotAccount | undefined;
  if (mm.url && mm.botToken) {
    bot = new MattermostBotAccount({ url: mm.url, token: mm.botToken, assistant, logger });
  }
  if (mm.commandToken) {
    channels.push(createSlashCommandChannel({ assistant, logger, token: mm.commandToken }));
  }
  if (mm.webhookToken) {
    // When the bot account also runs, the webhook must not answer the bot's own answers.
    channels.push(
      createOutgoingWebhookChannel({
        assistant,
        logger,
        token: mm.webhookToken,
        botUserId: () => bot?.userId,
      }),
    );
  }
  if (mm.commandToken || mm.webhookToken) {
    channels.push(
      createVoteActionsChannel({
        assistant,
        logger,
        tokens: { command: mm.commandToken, webhook: mm.webhookToken },
      }),
    );
  }
  if (bot) channels.push(bot);
  return channels;
}
