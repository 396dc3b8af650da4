"use client";

import { useEffect } from "react";
import { fullText, relativeText } from "./relative-time-format";

/**
 * Writes every `RelativeTimePlain` on the page in the agent's clock and zone: once hydrated, every
 * minute, and whenever the page gains times (a navigation brings new cards). Render it once on a
 * page that shows plain relative times.
 */
export function RelativeTimeHandler() {
  useEffect(() => {
    let scheduled = false;
    function update() {
      scheduled = false;
      const now = Date.now();
      for (const element of document.querySelectorAll<HTMLTimeElement>("time.relative-time")) {
        const time = Date.parse(element.dateTime);
        if (Number.isNaN(time)) continue;
        const text = relativeText(time, now);
        // Change the text node React rendered rather than replacing it, so React can still update it.
        const node = element.firstChild;
        if (node?.nodeType === Node.TEXT_NODE && element.childNodes.length === 1) {
          if (node.nodeValue !== text) node.nodeValue = text;
        } else if (element.textContent !== text) {
          element.textContent = text;
        }
        const title = fullText(time);
        if (element.title !== title) element.title = title;
      }
    }
    function schedule() {
      if (scheduled) return;
      scheduled = true;
      requestAnimationFrame(update);
    }
    update();
    const timer = setInterval(update, 60_000);
    const observer = new MutationObserver(schedule);
    observer.observe(document.body, { childList: true, subtree: true, attributes: true, attributeFilter: ["datetime"] });
    return () => {
      clearInterval(timer);
      observer.disconnect();
    };
  }, []);
  return null;
}
