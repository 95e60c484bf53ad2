/**
 * The PO's `/backlog` additions (issue 5): the story controls on the listing, and the
 * subcommands `archived`, `suggest`, `method <m>`, `size <points>`, `score <#n> …`, `ready <#n>`.
 */
import type { RespondFn, SlashCommand } from "@slack/bolt";
import type { WebClient } from "@slack/web-api";
import { MOSCOW_CATEGORIES, PRIORITY_METHODS, type PriorityMethod } from "../../domain/priority/index.js";
import { checkReadiness } from "../../domain/readiness.js";
import { cleanLine } from "../../domain/story.schema.js";
import { ValidationError } from "../../lib/errors.js";
import { BACKLOG_DEFAULT_LIMIT } from "../../services/story.service.js";
import { type BacklogControls, backlogMessage } from "../../views/backlog.view.js";
import {
  archivedMessage,
  METHOD_LABELS,
  noteMessage,
  readinessMessage,
  suggestionMessage,
} from "../../views/backlog-po.view.js";
import type { SlackMessage } from "../../views/story.view.js";
import type { ListenerDeps } from "../deps.js";
import { refreshHomes } from "../events/home-publish.js";

/** The `/backlog` listing with the controls this person may use and readiness marks. */
export async function renderBacklog(
  deps: ListenerDeps,
  input: {
    teamId: string;
    userId: string;
    offset?: number;
    limit?: number;
    words?: string[];
    notice?: string;
  },
): Promise<SlackMessage> {
  const { teamId, userId } = input;
  const [page, settings, canReorder, canCreate] = await Promise.all([
    deps.stories.backlog({
      teamId,
      offset: input.offset ?? 0,
      limit: input.limit ?? BACKLOG_DEFAULT_LIMIT,
      words: input.words ?? [],
    }),
    deps.backlog.settings(teamId),
    deps.access.can(teamId, userId, "backlog.reorder"),
    deps.access.can(teamId, userId, "story.create"),
  ]);
  const controls: BacklogControls = canReorder ? "po" : canCreate ? "member" : "none";
  const readiness = new Map(
    page.entries.map((e) => {
      const r = checkReadiness(e.story, { sizeLimit: settings.sizeLimit, disabled: settings.dorDisabled });
      return [e.story.number, r] as const;
    }),
  );
  return backlogMessage(page, { controls, readiness, ...(input.notice ? { notice: input.notice } : {}) });
}

const SUBCOMMANDS = /^\s*(archived|suggest|method|size|score|ready)\b/i;

/** True when `/backlog` text is one of the PO subcommands (not a search). */
export function isPoArgs(text: string): boolean {
  return SUBCOMMANDS.test(text);
}

const storyNumberOf = (token: string | undefined) =>
  token && /^#?\d{1,9}$/.test(token) ? Number(token.replace("#", "")) : null;

export async function backlogPo(
  deps: ListenerDeps,
  command: SlashCommand,
  respond: RespondFn,
  client: WebClient,
): Promise<void> {
  const teamId = command.team_id;
  const userId = command.user_id;
  const tokens = cleanLine(command.text).split(" ").filter(Boolean);
  const sub = (tokens.shift() ?? "").toLowerCase();
  const reply = (m: SlackMessage) => respond({ response_type: "ephemeral", ...m });

  switch (sub) {
    case "archived": {
      const pageNo = Math.max(1, Number(tokens[0]) || 1);
      const page = await deps.backlog.archived({ teamId, offset: (pageNo - 1) * 20, limit: 20 });
      return void (await reply(archivedMessage(page)));
    }
    case "suggest":
      return void (await reply(suggestionMessage(await deps.backlog.suggest(teamId))));
    case "method": {
      const m = (tokens[0] ?? "").toLowerCase().replace(/[/-]/g, "_");
      const method =
        m === "none"
          ? null
          : (PRIORITY_METHODS as readonly string[]).includes(m)
            ? (m as PriorityMethod)
            : undefined;
      if (method === undefined) {
        const current = (await deps.backlog.settings(teamId)).priorityMethod;
        return void (await reply(
          noteMessage(
            `Priority method: *${current ? METHOD_LABELS[current] : "none"}*. Choose one with \`/backlog method ${PRIORITY_METHODS.join("|")}|none\`.`,
          ),
        ));
      }
      await deps.backlog.updateSettings({ teamId, userId, change: { priorityMethod: method } });
      return void (await reply(
        noteMessage(
          method
            ? `✅ This team now scores stories with *${METHOD_LABELS[method]}*. Score a story with \`/backlog score #12 …\`, see the suggested order with \`/backlog suggest\`.`
            : "✅ No priority method: the backlog order is only yours.",
        ),
      ));
    }
    case "size": {
      const n = Number(tokens[0]);
      if (!tokens[0]) {
        const s = await deps.backlog.settings(teamId);
        return void (await reply(
          noteMessage(
            `Definition of Ready size limit: *${s.sizeLimit} points*. Change it with \`/backlog size 13\`.`,
          ),
        ));
      }
      const s = await deps.backlog.updateSettings({ teamId, userId, change: { sizeLimit: n } });
      await reply(
        noteMessage(`✅ Stories up to *${s.sizeLimit} points* can be ready; bigger ones need splitting.`),
      );
      // Home marks stories ✅/◻️ against the Definition of Ready, which includes the size limit.
      return refreshHomes(client, deps, teamId);
    }
    case "ready": {
      const n = storyNumberOf(tokens[0]);
      if (n === null) return void (await reply(noteMessage("Which story? e.g. `/backlog ready #12`")));
      const { story, readiness } = await deps.backlog.readiness(teamId, n);
      return void (await reply(readinessMessage(story, readiness)));
    }
    case "score": {
      const n = storyNumberOf(tokens.shift());
      const method = (await deps.backlog.settings(teamId)).priorityMethod;
      if (!method) return void (await reply(suggestionMessage({ method: null, rows: [], scored: 0 })));
      if (n === null) return void (await reply(noteMessage(`Which story? ${SCORE_USAGE[method]}`)));
      const value = parseScoreArgs(method, tokens);
      const { story, score } = await deps.backlog.setPriorityInput({
        teamId,
        userId,
        storyNumber: n,
        method,
        value: value as never,
      });
      return void (await reply(noteMessage(`✅ #${story.number} scored: ${score}`)));
    }
  }
}

const SCORE_USAGE: Record<PriorityMethod, string> = {
  moscow: "`/backlog score #12 must|should|could|wont`",
  value_effort: "`/backlog score #12 value=8 effort=3`",
  wsjf: "`/backlog score #12 value=8 time=5 risk=3 size=2`",
  rice: "`/backlog score #12 reach=500 impact=2 confidence=0.8 effort=3`",
};

/** Reads "key=value" pairs (or the MoSCoW category) into the method's input; the domain validates ranges. */
export function parseScoreArgs(method: PriorityMethod, tokens: string[]): unknown {
  if (method === "moscow") {
    const category = (tokens[0] ?? "").toLowerCase().replace("'", "");
    if (!(MOSCOW_CATEGORIES as readonly string[]).includes(category))
      throw new ValidationError({ score: `Use ${SCORE_USAGE.moscow}.` });
    return { category };
  }
  const pairs = new Map<string, number>();
  for (const t of tokens) {
    const m = /^([a-z]+)=(-?\d+(?:\.\d+)?)%?$/i.exec(t);
    if (m?.[1] && m[2]) pairs.set(m[1].toLowerCase(), Number(m[2]) / (t.endsWith("%") ? 100 : 1));
  }
  const need = (...keys: string[]) => {
    const v = keys.map((k) => pairs.get(k)).find((x) => x !== undefined);
    if (v === undefined)
      throw new ValidationError({ score: `Missing ${keys[0]}. Use ${SCORE_USAGE[method]}.` });
    return v;
  };
  switch (method) {
    case "value_effort":
      return { value: need("value"), effort: need("effort") };
    case "wsjf":
      return {
        businessValue: need("value", "bv"),
        timeCriticality: need("time", "tc"),
        riskReduction: need("risk", "rr"),
        jobSize: need("size", "js"),
      };
    case "rice":
      return {
        reach: need("reach"),
        impact: need("impact"),
        confidence: need("confidence"),
        effort: need("effort"),
      };
  }
}
