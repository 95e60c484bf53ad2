/** The private answer to `/digest send`: where the digest went, and where it couldn't. */
import type { DeliveryReport } from "../services/digest.service.js";

export function digestSentText(report: Pick<DeliveryReport, "posted" | "skipped">): string {
  const posted = report.posted.map((c) => `<#${c}>`).join(", ");
  const skipped = report.skipped.map((s) => `<#${s.channel}>`).join(", ");
  return [
    posted ? `📣 Digest posted to ${posted}.` : "The digest was not posted anywhere.",
    skipped ? `⚠️ Not posted to ${skipped}: I'm not in those channels (the digest's owner got a DM).` : "",
  ]
    .filter(Boolean)
    .join(" ");
}
