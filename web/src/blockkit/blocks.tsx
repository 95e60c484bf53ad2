import { useId } from "react";
import { ElementView } from "./elements/element.js";
import { BlockBoundary, ErrorBox } from "./error-box.js";
import { positioned } from "./positioned.js";
import { RichText } from "./rich-text.js";
import { actionIdOf, blockIdOf } from "./state.js";
import { SurfaceProvider, useSurface, useSurfaceState } from "./surface.js";
import { ImageView, plainText, TextView } from "./text.js";
import type { RenderContext } from "./types.js";
import { BlockKitError, checkBlock, duplicateIdProblem, isObj, type Json } from "./validate.js";

const NO_ERRORS: Record<string, string> = {};

/**
 * `<Blocks blocks ctx />`: a message's or the Home tab's blocks. Interactive elements call
 * `ctx.onAction` with Slack's action shape and the surface's `state.values`.
 */
export function Blocks({ blocks, ctx }: { blocks: readonly unknown[]; ctx: RenderContext }) {
  const { surface } = useSurfaceState(blocks, ctx, NO_ERRORS, false);
  return (
    <SurfaceProvider value={surface}>
      <BlockList blocks={blocks} />
    </SurfaceProvider>
  );
}

/** The blocks of the current surface, each checked first: a bad one shows an error box in its place. */
export function BlockList({ blocks }: { blocks: readonly unknown[] }) {
  if (!Array.isArray(blocks)) return <ErrorBox message="blocks must be an array" detail="blocks" />;
  return (
    <div className="bk-blocks">
      {blocks.map((block, i) => {
        const blockId = blockIdOf(block, i);
        let problem: BlockKitError | null = null;
        try {
          checkBlock(block, `blocks[${i}]`);
          problem = duplicateIdProblem(blocks, i);
        } catch (e) {
          if (!(e instanceof BlockKitError)) throw e;
          problem = e;
        }
        return (
          // biome-ignore lint/suspicious/noArrayIndexKey: block_ids may repeat in a bad payload; position is stable
          <BlockBoundary key={`${i}:${blockId}`}>
            {problem ? (
              <ErrorBox message={problem.reason} detail={problem.path} />
            ) : (
              <BlockView block={block as Json} blockId={blockId} />
            )}
          </BlockBoundary>
        );
      })}
    </div>
  );
}

function BlockView({ block, blockId }: { block: Json; blockId: string }) {
  const { ctx, inModal } = useSurface();
  switch (block.type) {
    case "header":
      return (
        <h2 className="bk-header" data-block-id={blockId}>
          {plainText(block.text)}
        </h2>
      );
    case "divider":
      return <hr className="bk-divider" data-block-id={blockId} />;
    case "section":
      return <Section block={block} blockId={blockId} ctx={ctx} />;
    case "context":
      return (
        <div className="bk-context" data-block-id={blockId}>
          {positioned(block.elements as unknown[]).map(({ key, item: e }) =>
            isObj(e) && e.type === "image" ? (
              <ImageView
                key={key}
                url={e.image_url}
                alt={String(e.alt_text)}
                ctx={ctx}
                className="bk-context-image"
              />
            ) : (
              <TextView key={key} t={e} ctx={ctx} />
            ),
          )}
        </div>
      );
    case "actions":
      return (
        <div className="bk-actions" data-block-id={blockId}>
          {(block.elements as Json[]).map((el, j) => {
            const actionId = actionIdOf(el, j);
            return (
              <ElementView
                key={actionId}
                el={el}
                blockId={blockId}
                actionId={actionId}
                dispatchOnChange={true}
              />
            );
          })}
        </div>
      );
    case "image":
      return (
        <figure className="bk-image-block" data-block-id={blockId}>
          {block.title ? (
            <figcaption className="bk-image-title">
              <TextView t={block.title} ctx={ctx} />
            </figcaption>
          ) : null}
          <ImageView url={block.image_url} alt={String(block.alt_text)} ctx={ctx} className="bk-image" />
        </figure>
      );
    case "input":
      return <Input block={block} blockId={blockId} inModal={inModal} />;
    case "rich_text":
      return (
        <div data-block-id={blockId}>
          <RichText block={block} ctx={ctx} />
        </div>
      );
    default:
      return null;
  }
}

function Section({ block, blockId, ctx }: { block: Json; blockId: string; ctx: RenderContext }) {
  const accessory = isObj(block.accessory) ? block.accessory : null;
  return (
    <div className="bk-section" data-block-id={blockId}>
      <div className="bk-section-body">
        {block.text ? <TextView t={block.text} ctx={ctx} /> : null}
        {Array.isArray(block.fields) ? (
          <div className="bk-fields">
            {positioned(block.fields).map(({ key, item }) => (
              <div key={key} className="bk-field-cell">
                <TextView t={item} ctx={ctx} />
              </div>
            ))}
          </div>
        ) : null}
      </div>
      {accessory ? (
        <div className="bk-accessory">
          <ElementView
            el={accessory}
            blockId={blockId}
            actionId={actionIdOf(accessory, 0)}
            dispatchOnChange={true}
          />
        </div>
      ) : null}
    </div>
  );
}

/** Element types rendered as a group of controls: a <label> can point at none of them, so aria-labelledby. */
const GROUPS = new Set(["checkboxes", "radio_buttons"]);

function Input({ block, blockId, inModal }: { block: Json; blockId: string; inModal: boolean }) {
  const { errors } = useSurface();
  const base = useId();
  const el = block.element as Json;
  const error = errors[blockId];
  const hint = block.hint ? plainText(block.hint) : "";
  const describedBy = [error ? `${base}-error` : "", hint ? `${base}-hint` : ""].filter(Boolean).join(" ");
  const group = GROUPS.has(String(el.type));
  // In a message an input only sends when it dispatches; in a modal too, so one rule serves both.
  const dispatchOnChange = block.dispatch_action === true;
  const label = (
    <>
      {plainText(block.label)}
      {block.optional === true ? <span className="bk-optional"> (optional)</span> : null}
    </>
  );
  return (
    <div
      className={`bk-input-block${error ? " bk-has-error" : ""}`}
      data-block-id={blockId}
      data-in-modal={inModal}
    >
      {group ? (
        <div className="bk-label" id={`${base}-label`}>
          {label}
        </div>
      ) : (
        <label className="bk-label" id={`${base}-label`} htmlFor={`${base}-control`}>
          {label}
        </label>
      )}
      <ElementView
        el={el}
        blockId={blockId}
        actionId={actionIdOf(el, 0)}
        dispatchOnChange={dispatchOnChange}
        controlId={`${base}-control`}
        labelId={`${base}-label`}
        describedBy={describedBy || undefined}
        invalid={Boolean(error)}
      />
      {error ? (
        <div className="bk-field-error" id={`${base}-error`} role="alert">
          {error}
        </div>
      ) : null}
      {hint ? (
        <div className="bk-hint" id={`${base}-hint`}>
          {hint}
        </div>
      ) : null}
    </div>
  );
}
