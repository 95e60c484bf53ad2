import { Component, type ReactNode } from "react";

/**
 * What shows instead of a block Slack would refuse: the reason and the JSON path, in a box, so a
 * bad payload is visible on the page (Slack answers `invalid_blocks`) rather than silently missing.
 */
export function ErrorBox({ message, detail }: { message: string; detail?: string }) {
  return (
    <div className="bk-error-box" role="alert">
      <strong>Slack would refuse this: </strong>
      {message}
      {detail ? <code className="bk-error-detail">{detail}</code> : null}
    </div>
  );
}

/** Catches a render crash inside one block (in the browser) and shows it in an {@link ErrorBox}. */
export class BlockBoundary extends Component<{ children: ReactNode }, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    if (this.state.error)
      return <ErrorBox message="this block could not be shown" detail={this.state.error.message} />;
    return this.props.children;
  }
}
