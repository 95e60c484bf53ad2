/** The stakeholder digest: net "what changed" aggregation and settings rules. Pure. */
export {
  aggregateChanges,
  type ChangeSet,
  changeCount,
  type DigestEvent,
  type MoveChange,
  type RequestDecision,
  type StoryChange,
  type StoryNow,
  type ValueChange,
} from "./change-set.js";
export {
  DIGEST_MAX_CHANNELS,
  DIGEST_SECTION_LABELS,
  DIGEST_SECTIONS,
  DIGEST_TOP_CHOICES,
  type DigestSection,
  type DigestSettings,
  type DigestSettingsErrors,
  normaliseSections,
  validateDigestSettings,
} from "./settings.js";
