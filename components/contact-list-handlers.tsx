import { CopyButtonHandler } from "./ui/copy-button-handler";
import { LabelTooltipHandler } from "./ui/label-tooltip-handler";
import { RelativeTimeHandler } from "./ui/relative-time-handler";
import { SoftLinkHandler } from "./ui/soft-link-handler";

/**
 * What makes a page's contact cards or table rows interactive, once for the whole page rather than
 * once per card: copy buttons, in-page navigation for their plain links, relative times, tooltips. Render it
 * once wherever `ContactCard`s or the `ContactTable` are shown.
 */
export function ContactListHandlers() {
  return (
    <>
      <CopyButtonHandler />
      <LabelTooltipHandler />
      <SoftLinkHandler />
      <RelativeTimeHandler />
    </>
  );
}
