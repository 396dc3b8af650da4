/** The round badge beside a contact's name: its initials, or a person glyph when there are none (a contact known only by a number or email). */
export function ContactAvatarInitials({ initials, size = "md" }: { initials: string | null | undefined; size?: "md" | "lg" }) {
  return (
    <div aria-hidden className={size === "lg" ? "avatar avatar-lg" : "avatar"}>
      {initials ?? (
        <svg viewBox="0 0 20 20" className="h-1/2 w-1/2" fill="currentColor">
          <path d="M10 10a4 4 0 1 0 0-8 4 4 0 0 0 0 8Zm0 2c-3.9 0-7 2.2-7 5v1h14v-1c0-2.8-3.1-5-7-5Z" />
        </svg>
      )}
    </div>
  );
}
