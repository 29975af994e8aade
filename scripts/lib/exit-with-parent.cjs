// Preloaded into the `next` process that `npm start` runs: when the supervisor goes away (even killed with
// SIGKILL), its IPC channel closes and this process leaves too, instead of serving on without its database.
if (process.channel) {
  process.channel.unref();
  process.on("disconnect", () => process.exit(0));
}
