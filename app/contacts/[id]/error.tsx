"use client";

import { ErrorPanel } from "@/components/error-panel";

export default function ContactError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel title="This contact could not be loaded" reset={reset} digest={error.digest} />;
}
