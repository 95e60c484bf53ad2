import { useSurface } from "../surface.js";
import { ImageView } from "../text.js";
import { Button } from "./button.js";
import { Choices } from "./choices.js";
import { Overflow } from "./overflow.js";
import { Picker } from "./pickers.js";
import type { ElementProps } from "./props.js";
import { EntitySelect, StaticSelect } from "./selects.js";
import { TextInput } from "./text-input.js";

/** Any (already validated) element, by type. */
export function ElementView(p: ElementProps) {
  const surface = useSurface();
  switch (p.el.type) {
    case "button":
      return <Button {...p} />;
    case "static_select":
    case "multi_static_select":
      return <StaticSelect {...p} />;
    case "users_select":
    case "multi_users_select":
    case "channels_select":
    case "multi_channels_select":
    case "conversations_select":
    case "multi_conversations_select":
      return <EntitySelect {...p} />;
    case "overflow":
      return <Overflow {...p} />;
    case "datepicker":
    case "timepicker":
      return <Picker {...p} />;
    case "checkboxes":
    case "radio_buttons":
      return <Choices {...p} />;
    case "plain_text_input":
    case "number_input":
      return <TextInput {...p} />;
    case "image":
      return (
        <ImageView
          url={p.el.image_url}
          alt={String(p.el.alt_text ?? "")}
          ctx={surface.ctx}
          className="bk-image-element"
        />
      );
    default:
      return null;
  }
}
