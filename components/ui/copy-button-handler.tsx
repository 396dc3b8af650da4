"use client";

import { useEffect } from "react";

const copiedForMs = 1500;

/**
 * The one click handler behind every `CopyButtonPlain` on the page: copies the button's `data-copy`
 * value and, for a moment, marks it copied (`data-copied`, "Copied …" for screen readers and as its tooltip).
 * Render it once on a page that shows plain copy buttons.
 */
export function CopyButtonHandler() {
  useEffect(() => {
    const timers = new WeakMap<HTMLButtonElement, ReturnType<typeof setTimeout>>();
    async function onClick(event: MouseEvent) {
      const button = event.target instanceof Element ? event.target.closest<HTMLButtonElement>("button[data-copy]") : null;
      const value = button?.dataset.copy;
      if (!button || value === undefined) return;
      try {
        await navigator.clipboard.writeText(value);
      } catch {
        return;
      }
      const label = button.getAttribute("aria-label") ?? "";
      const copying = !timers.has(button);
      clearTimeout(timers.get(button));
      if (copying) {
        button.dataset.copied = "";
        button.setAttribute("aria-label", label.replace(/^Copy /, "Copied "));
        button.title = button.getAttribute("aria-label")!;
      }
      timers.set(
        button,
        setTimeout(() => {
          timers.delete(button);
          delete button.dataset.copied;
          button.setAttribute("aria-label", (button.getAttribute("aria-label") ?? "").replace(/^Copied /, "Copy "));
          button.title = button.getAttribute("aria-label")!;
        }, copiedForMs),
      );
    }
    document.addEventListener("click", onClick);
    return () => document.removeEventListener("click", onClick);
  }, []);
  return null;
}
