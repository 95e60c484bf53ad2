/** The private thanks after sprint review feedback. Pure builder; the feedback is shown escaped. */
import { md, mrkdwnSafe } from "./format.js";
import type { SlackMessage } from "./message.js";

export function feedbackThanksMessage(feedback: string, requestId: number | null): SlackMessage {
  return {
    text: md`Thanks for the feedback`,
    blocks: [
      {
        type: "section",
        text: {
          type: "mrkdwn",
          text: `🙏 Thanks! Your feedback “${mrkdwnSafe(feedback, 300)}” is in the product owner's triage inbox${
            requestId ? ` as request #${requestId}` : ""
          }.`,
        },
      },
    ],
  };
}
