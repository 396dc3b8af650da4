import type { ErasureKind } from "@/lib/model/lifecycle";

/** The ways a person can be named for erasure, in the order the form offers them. */
export const erasureKinds = ["phone", "waId", "email", "senderWaId", "senderUserId"] as const satisfies readonly ErasureKind[];

export const erasureKindLabels: Record<ErasureKind, string> = {
  phone: "Phone number (any formatting)",
  waId: "WhatsApp id of a shared contact (wa_id)",
  email: "Email address",
  senderWaId: "Customer who sent shares: WhatsApp id",
  senderUserId: "Customer who sent shares: user id",
};
