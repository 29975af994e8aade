/**
 * Modalis domain core: the pure rules described in docs/rules.md, each defined once here (no framework, database or clock).
 * Dates are `YYYY-MM-DD` strings, instants ISO-8601 UTC strings; "today" is always a parameter.
 */
export * from "./appointments";
export * from "./balance";
export * from "./busy";
export * from "./capacity";
export * from "./dates";
export * from "./diagnostic";
export * from "./diagnosticLabels";
export * from "./firstInterview";
export * from "./firstInterviewBooking";
export * from "./followUp";
export * from "./holidays";
export * from "./instants";
export * from "./messages/channels";
export * from "./messages/sms";
export * from "./modalities";
export * from "./planning";
export * from "./registrations";
export * from "./reminders";
export * from "./reviews";
export * from "./scheduling";
export * from "./slots";
export * from "./territories";
export * from "./timezones";
export * from "./movements";
export * from "./campaigns";
export * from "./appointment-requests";
export * from "./conversations";
export * from "./offer2025";
export * from "./contract2025";
export * from "./breaches";
export * from "./jointDiagnostic";
