/** What a person in a stopped workspace (uninstalled, bot token revoked) is told when they try a command. */
import { formatPlainDate } from "./forecast.view.js";

/**
 * "scrumbot was uninstalled from this workspace…": no Slack token is needed to say it (it is the
 * command's HTTP answer), and it says what brings scrumbot back and until when the data waits.
 */
export function workspaceStoppedText(reason: string, purgeAfter: Date | null): string {
  const kept = purgeAfter
    ? `Your team's stories, standups and ceremonies are kept until ${formatPlainDate(purgeAfter.toISOString().slice(0, 10))}, then deleted.`
    : "Your team's data has been deleted.";
  return [
    `scrumbot is stopped in this workspace (${reason}), so it can't do anything here.`,
    `${kept} To carry on, install scrumbot again; if your company runs its own scrumbot with one bot token, the person who runs it must also restart it with the new token.`,
  ].join(" ");
}
