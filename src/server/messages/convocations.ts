/** The convocations at booking: see src/server/messages/notices.ts (kept for the modules that import them from here). */
export { FRANCE_TRAVAIL_PHONE, queueConvocations } from "./notices";
