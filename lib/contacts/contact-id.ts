import { z } from "zod";

/** A contact id as it appears in a URL: a positive whole number. */
export const contactIdSchema = z.string().regex(/^\d{1,15}$/).transform(Number).pipe(z.number().int().positive());
