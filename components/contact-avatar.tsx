import type { ContactItem } from "@/lib/contacts/contact-item";
import { avatarOf } from "@/lib/contacts/display";
import { ContactAvatarInitials } from "./contact-avatar-initials";

/** The round badge beside a contact's name, from the contact (server only: a card's view carries its initials instead). */
export function ContactAvatar({ item, size = "md" }: { item: Pick<ContactItem, "name" | "org" | "phones" | "emails">; size?: "md" | "lg" }) {
  return <ContactAvatarInitials initials={avatarOf(item).initials} size={size} />;
}
