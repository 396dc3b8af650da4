"use client";

import { ErrorPanel } from "@/components/error-panel";

export default function CampaignsError({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return <ErrorPanel title="The campaign numbers could not be loaded" reset={reset} digest={error.digest} />;
}
