import { CopyButtonHandler } from "./ui/copy-button-handler";
import { RelativeTimeHandler } from "./ui/relative-time-handler";
import { SoftLinkHandler } from "./ui/soft-link-handler";

/**
 * What makes the contact cards on a page interactive, once for the whole page rather than once per
 * card: render it once wherever `ContactCard`s are shown.
 */
export function ContactCardHandlers() {
  return (
    <>
      <CopyButtonHandler />
      <SoftLinkHandler />
      <RelativeTimeHandler />
    </>
  );
}
