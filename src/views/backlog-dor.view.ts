/**
 * `/backlog dor`: the team's Definition of Ready as a checklist, each check ✅ on or ⬜ off with a
 * "Turn off" / "Turn on" button for the people who may change it, plus the size limit.
 * Pure builders within Slack's limits (7 checks: 12 blocks at most).
 */
import type { KnownBlock, SectionBlock } from "@slack/types";
import { READINESS_CHECK_LABELS, READINESS_CHECKS, type ReadinessCheckId } from "../domain/readiness.js";
import { DorIds } from "../slack/ids.js";
import { formatPoints, md, mrkdwnSafe, plain, truncate } from "./format.js";
import type { SlackMessage } from "./message.js";

export interface DorModel {
  sizeLimit: number;
  /** Checks the team switched off. */
  disabled: readonly ReadinessCheckId[];
  /** Product owners and admins get the toggle buttons; everyone else reads. */
  canChange: boolean;
  /** A line above the checklist, e.g. what just changed (app text, mrkdwn). */
  notice?: string;
}

/** The toggle button value, read back by `parseDorToggle` (src/slack/parsers/backlog-dor.ts). */
export function dorToggleValue(check: ReadinessCheckId, enabled: boolean): string {
  return `${check}:${enabled ? "on" : "off"}`;
}

/** The check's label with its detail: the size check names the limit. */
function checkLabel(id: ReadinessCheckId, sizeLimit: number): string {
  return id === "size_limit"
    ? `${READINESS_CHECK_LABELS[id]} (at most ${formatPoints(sizeLimit)})`
    : READINESS_CHECK_LABELS[id];
}

/** The checklist message (ephemeral; the toggles replace it in place). */
export function dorMessage(model: DorModel): SlackMessage {
  const off = new Set(model.disabled);
  const onCount = READINESS_CHECKS.filter((id) => !off.has(id)).length;
  const blocks: KnownBlock[] = [];
  if (model.notice)
    blocks.push({ type: "section", text: { type: "mrkdwn", text: truncate(model.notice, 3000) } });
  blocks.push({ type: "header", text: plain("Definition of Ready", 150) });
  blocks.push({
    type: "section",
    text: {
      type: "mrkdwn",
      text: `A story is ready when it meets every check that is on (*${onCount} of ${READINESS_CHECKS.length}*). Checks that are off are skipped everywhere: \`/backlog\` marks, _Mark ready_, Home, the refinement agenda and sprint planning.`,
    },
  });
  for (const id of READINESS_CHECKS) {
    const on = !off.has(id);
    // The last check on keeps no "Turn off": at least one must stay on (the service refuses too).
    const last = on && onCount === 1;
    const section: SectionBlock = {
      type: "section",
      block_id: `${DorIds.checkBlockPrefix}${id}`,
      text: {
        type: "mrkdwn",
        text: truncate(
          `${on ? "✅" : "⬜"} ${on ? `*${checkLabel(id, model.sizeLimit)}*` : `${checkLabel(id, model.sizeLimit)} — _off_`}  \`${id}\`${
            last && model.canChange ? "\n_The only check on: at least one must stay on._" : ""
          }`,
          3000,
        ),
      },
    };
    if (model.canChange && !last)
      section.accessory = {
        type: "button",
        action_id: DorIds.toggle,
        text: plain(on ? "Turn off" : "Turn on", 75),
        value: dorToggleValue(id, !on),
        ...(on ? {} : { style: "primary" as const }),
      };
    blocks.push(section);
  }
  blocks.push({
    type: "section",
    text: {
      type: "mrkdwn",
      text: `*Size limit:* ${formatPoints(model.sizeLimit)}${model.canChange ? ", change it with `/backlog size 13`" : ""}.`,
    },
  });
  blocks.push({
    type: "context",
    elements: [
      {
        type: "mrkdwn",
        text: model.canChange
          ? "Also typed: `/backlog dor off <check>` and `/backlog dor on <check>`, with the names in `code` above."
          : "Only product owners and admins can change the Definition of Ready.",
      },
    ],
  });
  return {
    text: md`Definition of Ready: ${onCount} of ${READINESS_CHECKS.length} checks on, size limit ${formatPoints(model.sizeLimit)}`,
    blocks,
  };
}

/** The valid check names, one per line with what each checks (for errors and usage). */
function checkList(): string {
  return READINESS_CHECKS.map((id) => `• \`${id}\` ${READINESS_CHECK_LABELS[id]}`).join("\n");
}

/** `/backlog dor on|off <name>` with no such check (or none given). */
export function unknownDorCheckMessage(name: string, enabled: boolean): SlackMessage {
  const verb = enabled ? "on" : "off";
  const intro = name.trim()
    ? `🤔 There is no Definition of Ready check “${mrkdwnSafe(name.trim(), 100)}”.`
    : "🤔 Which check?";
  const text = `${intro} Use \`/backlog dor ${verb} <check>\` with one of:\n${checkList()}`;
  return {
    text: name.trim() ? md`There is no Definition of Ready check by that name` : md`Which check?`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(text, 3000) } }],
  };
}

/** Anything else after `/backlog dor`. */
export function dorUsageMessage(): SlackMessage {
  const text = `Use \`/backlog dor\` to see the Definition of Ready, \`/backlog dor off <check>\` or \`/backlog dor on <check>\` to change it. Checks:\n${checkList()}`;
  return {
    text: md`Use /backlog dor, /backlog dor off <check> or /backlog dor on <check>`,
    blocks: [{ type: "section", text: { type: "mrkdwn", text: truncate(text, 3000) } }],
  };
}

/** The line above the checklist after a change. */
export function dorChangedNotice(check: ReadinessCheckId, enabled: boolean, changed: boolean): string {
  const label = READINESS_CHECK_LABELS[check];
  if (!changed) return `*${label}* was already ${enabled ? "on" : "off"}.`;
  return enabled
    ? `✅ *${label}* is on again: stories need it to be ready.`
    : `✅ *${label}* is off: stories no longer need it to be ready.`;
}
