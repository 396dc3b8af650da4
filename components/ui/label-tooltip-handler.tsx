"use client";

import { useEffect } from "react";

/** Icon controls and chips whose label says more than what they show. */
const labelledControls = "button[data-copy], .card a[aria-label]";

/**
 * Gives the labelled controls of cards and rows their label as a tooltip, when the pointer first
 * reaches one: "Copy phone +1 …", "Chat on WhatsApp with …", "ref1: summer sale". Writing a title
 * beside every label would double those attributes on 50 cards for the few an agent hovers.
 * Render it once on a page that shows them (ContactListHandlers does).
 */
export function LabelTooltipHandler() {
  useEffect(() => {
    function onPointerOver(event: PointerEvent) {
      const control = event.target instanceof Element ? event.target.closest(labelledControls) : null;
      const label = control?.getAttribute("aria-label");
      if (control && label && !control.hasAttribute("title")) control.setAttribute("title", label);
    }
    document.addEventListener("pointerover", onPointerOver);
    return () => document.removeEventListener("pointerover", onPointerOver);
  }, []);
  return null;
}
