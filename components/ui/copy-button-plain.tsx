/**
 * A copy button with no JavaScript of its own, for values repeated down a page (every phone of 50
 * cards): it carries the value in `data-copy`, and the page's one `CopyButtonHandler` copies it and
 * says so. A client `CopyButton` per value would send its props twice (HTML and RSC payload) and
 * hydrate once per value. The icon, and the check mark once copied, come from the `data-copy`
 * attribute (globals.css); its tooltip is its label, set on first hover by `LabelTooltipHandler`.
 * No `type`: these buttons are never inside a form.
 */
export function CopyButtonPlain({ value, label }: { value: string; label: string }) {
  return <button data-copy={value} aria-label={`Copy ${label}`} />;
}
