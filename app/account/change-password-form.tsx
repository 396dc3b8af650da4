"use client";

import { useActionState } from "react";
import { changePasswordAction, type ChangePasswordFormState } from "./actions";

const fields = [
  { name: "currentPassword", label: "Current password", autoComplete: "current-password" },
  { name: "newPassword", label: "New password (at least 10 characters)", autoComplete: "new-password" },
  { name: "confirmPassword", label: "New password again", autoComplete: "new-password" },
] as const;

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState<ChangePasswordFormState, FormData>(changePasswordAction, null);
  const invalidField = state && !state.ok ? state.field : null;
  return (
    <form action={action} aria-label="Change password" className="space-y-2">
      <div className="flex flex-wrap items-end gap-2">
        {fields.map((field) => (
          <label key={field.name} className="flex flex-col gap-1 text-xs font-medium">
            {field.label}
            <input
              name={field.name}
              type="password"
              required
              maxLength={256}
              minLength={field.name === "currentPassword" ? undefined : 10}
              autoComplete={field.autoComplete}
              aria-invalid={invalidField === field.name || undefined}
              aria-describedby={invalidField === field.name ? "change-password-error" : undefined}
              className="input w-56"
            />
          </label>
        ))}
        <button type="submit" disabled={pending} className="btn">
          Change password
        </button>
      </div>
      {state && !state.ok && (
        <p id="change-password-error" role="alert" className="text-sm text-rose-700 dark:text-rose-400">
          {state.error}
        </p>
      )}
      {state?.ok && (
        <p role="status" className="text-sm text-emerald-800 dark:text-emerald-300">
          {state.message}
        </p>
      )}
    </form>
  );
}
